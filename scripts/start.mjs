// `npm start` until the desktop shell lands: say what exists today, in one line, and exit non-zero.
process.stderr.write('Credit Companion: the desktop app is not built yet in this version; the engine runs today as the command line: npx credit-companion --help\n');
process.exit(1);
