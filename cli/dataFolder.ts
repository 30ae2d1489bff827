/**
 * `--data DIR`: the app's data folder, read as the app reads it (the store file
 * with its change journal folded in, by the same decisions) but read-only: no
 * lock is taken and nothing is written, so it is safe while the app has the
 * folder open. When the app compacts the folder during the read (the store file
 * replaced, the journal emptied), the read is noticed to be torn and done again.
 * The engine's replay comes from the folder's snapshot when it matches the store
 * file (never replayed again); the state after every event from its head alone
 * is ./dataFolderTip.ts's.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import pkg from '../package.json' with { type: 'json' };
import type { Settings } from '../shared/api.ts';
import type { Account } from '../shared/formats/account.ts';
import type { Project } from '../shared/formats/project.ts';
import { readConsistent } from '../shared/consistent.ts';
import { snapshotReplay } from '../shared/engine/snapshot.ts';
import { journalChoose, storeChoose, type JournalChoice, type StoreChoice } from '../shared/folder.ts';
import { journalRead, journalWith, type StoredReplayKnown } from '../shared/store.ts';
import { identity, READ_TRIES, readOrNull, type JournalAdds } from './dataFolderTip.ts';

export type DataFolderRead = { readonly ok: true; readonly account: Account; readonly projects: Project[]; readonly settings: Settings; readonly warnings: readonly string[] } | { readonly ok: false; readonly error: string };

const fsRead = { openSync, fstatSync, readSync, closeSync };

/** The replay the folder's snapshot holds of the store file whose bytes are `storeBytes`. */
function snapshotKnown(dir: string, storeBytes: Buffer): StoredReplayKnown {
  return (stored, account) => {
    const bytes = stored.storeId === undefined ? null : readOrNull(join(dir, 'account.snapshot'));
    return bytes === null ? null : snapshotReplay(bytes, account, { storeId: stored.storeId!, journalSeq: stored.journalSeq, storeSize: storeBytes.length, storeCrc: crc32(storeBytes) }, crc32);
  };
}

/** Whether the journal at `path` holds a change after `afterSeq`, or a line that does not read (the folder is then read whole). */
export const journalAdds: JournalAdds = (path, afterSeq) =>
  journalWith(fsRead, path, (lines) => {
    if (lines === null) return false;
    const read = journalRead(lines, afterSeq);
    return lines.torn || read.changes > 0 || read.damagedCount > 0;
  });

/** The account in the app's data folder `dir` (or a workspace's folder) and its settings, or one line that says why it cannot be read. */
export function dataFolderRead(dir: string): DataFolderRead {
  const storePath = join(dir, 'account.json');
  const journalPath = join(dir, 'account.journal');
  let read: { store: StoreChoice; journal: JournalChoice } | null;
  try {
    if (!statSync(dir).isDirectory()) return { ok: false, error: `${dir}: not a folder (--data takes the app's data folder)` };
    // The store file and the journal folded into it, read again while the app compacted them under the read.
    read = readConsistent(
      () => {
        const storeBytes = readOrNull(storePath);
        if (storeBytes === null) return null;
        const store = storeChoose({ store: storeBytes.toString('utf8'), backups: [], writable: false, appVersion: pkg.version, replayKnown: snapshotKnown(dir, storeBytes) });
        return { store, journal: journalWith(fsRead, journalPath, (lines) => journalChoose(store, store.kind === 'store' ? lines : null)) };
      },
      () => identity(storePath),
      READ_TRIES,
    );
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: `${dir}: cannot read (${code === 'ENOENT' ? 'no such folder' : code === 'EISDIR' ? 'account.json is a folder' : (code ?? String(e))})` };
  }
  if (read === null) return { ok: false, error: `${dir}: no Credit Companion data here (no account.json)` };
  const { store, journal } = read;
  if (store.kind === 'future') return { ok: false, error: `${storePath}: ${store.reason}; update credit-companion to read it` };
  if (store.kind === 'recover') return { ok: false, error: `${storePath}: ${store.reason}; open Credit Companion on this folder to recover it from a backup` };
  const { aside } = journal;
  const skipped = aside === null ? '' : `${aside.skipped} ${aside.skipped === 1 ? 'change' : 'changes'}`;
  const warnings =
    aside === null
      ? []
      : aside.kind === 'corrupt'
        ? [`${journalPath}: ${skipped} could not be applied (${aside.why}); the app keeps the journal aside when it next opens the folder`]
        : aside.foreign
          ? [`${journalPath}: ${skipped} could not be applied: they were written for another data folder's account; the app keeps the journal aside when it next opens the folder`]
          : [`${journalPath}: ${skipped} could not be applied: they do not follow ${storePath} (it holds the changes up to ${store.stored.journalSeq}, the journal starts at ${aside.first}); the app keeps the journal aside when it next opens the folder`];
  return { ok: true, account: journal.data.account, projects: journal.data.projects, settings: journal.data.settings, warnings };
}
