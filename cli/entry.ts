import { balanceFromHead } from './balance.ts';
import { outputPrint } from './output.ts';
import { overviewFromHeads } from './overview.ts';

const argv = process.argv.slice(2);
// `balance --data` and `overview` on folders their snapshots answer load none of the rest: the whole command only when it must.
// `sync-server` loads the PostgreSQL driver, which no other command needs.
await outputPrint(async () => (argv[0] === 'sync-server' ? (await import('./syncServer.ts')).syncServerRun(argv) : (balanceFromHead(argv) ?? overviewFromHeads(argv) ?? (await import('./main.ts')).run(argv))));
