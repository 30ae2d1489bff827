/** What a command prints and how it ends, and the process's end of it: print, set the exit status. */

export interface Output {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

/** Why the output could not be written, in words: the reader went away (`| head`), or its disk is full. */
function outputFailure(error: NodeJS.ErrnoException): string {
  if (error.code === 'EPIPE') return 'the program reading it stopped reading (EPIPE)';
  if (error.code === 'ENOSPC') return 'the disk it goes to is full (ENOSPC)';
  return error.code ?? error.message;
}

/** The process entry: run, print, exit. A bug prints its stack and exits 70 (EX_SOFTWARE), never 0. */
export async function outputPrint(run: () => Output | Promise<Output>): Promise<void> {
  // A closed or full stdout is the reader's or the disk's doing, not a bug: one line and exit 1, never a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    process.stderr.write(`credit-companion: the output could not be written: ${outputFailure(error)}\n`);
    process.exit(1);
  });
  let result: Output;
  try {
    result = await run();
  } catch (e) {
    process.stderr.write(`credit-companion: internal error, please report it:\n${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 70;
    return;
  }
  if (result.stdout) process.stdout.write(`${result.stdout}\n`);
  if (result.stderr) process.stderr.write(`credit-companion: ${result.stderr}\n`);
  process.exitCode = result.code;
}
