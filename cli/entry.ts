import { balanceFromHead } from './balance.ts';
import { outputPrint } from './output.ts';

const argv = process.argv.slice(2);
// `balance --data` on a folder its snapshot answers loads none of the rest: the whole command only when it must.
await outputPrint(async () => balanceFromHead(argv) ?? (await import('./main.ts')).run(argv));
