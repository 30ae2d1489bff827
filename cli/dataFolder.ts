/**
 * `--data DIR`: the app's data folder, read as the app reads it (the store file
 * with its change journal folded in, by the same decisions) but read-only: no
 * lock is taken and nothing is written, so it is safe while the app has the
 * folder open. When the app compacts the folder during the read (the store file
 * replaced, the journal emptied), the read is noticed to be torn and done again.
 * The engine's replay comes from the folder's snapshot when it matches the store
 * file (never replayed again), and the state after every event from its head
 * alone when the journal adds nothing (the account's events never read).
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import pkg from '../package.json' with { type: 'json' };
import type { Account } from '../shared/formats/account.ts';
import { snapshotOrigin, snapshotReplay, snapshotTip, type SnapshotTip } from '../shared/engine/snapshot.ts';
import { journalChoose, readConsistent, storeChoose, type JournalChoice, type StoreChoice } from '../shared/folder.ts';
import { journalRead, journalWith, type StoredReplayKnown } from '../shared/store.ts';

export type DataFolderRead = { readonly ok: true; readonly account: Account; readonly warnings: readonly string[] } | { readonly ok: false; readonly error: string };

/** How many times the folder is read again when the app compacted it meanwhile. */
const READ_TRIES = 10;

function identity(path: string): string | null {
  try {
    const st = statSync(path);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return null;
  }
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

const fsRead = { openSync, fstatSync, readSync, closeSync };

/** The replay the folder's snapshot holds of the store file whose bytes are `storeBytes`. */
function snapshotKnown(dir: string, storeBytes: Buffer): StoredReplayKnown {
  return (stored, account) => {
    const bytes = stored.storeId === undefined ? null : readOrNull(join(dir, 'account.snapshot'));
    return bytes === null ? null : snapshotReplay(bytes, account, { storeId: stored.storeId!, journalSeq: stored.journalSeq, storeSize: storeBytes.length, storeCrc: crc32(storeBytes) }, crc32);
  };
}

/**
 * The state after every event of the account in `dir`, from the snapshot's head, when it matches the store file (the
 * very file it was written beside, by its identity on disk, or else its bytes) and the journal holds no change after
 * it (a change in it, or a line that does not read, and the folder is read whole); null otherwise.
 */
export function dataFolderTip(dir: string): SnapshotTip | null {
  const storePath = join(dir, 'account.json');
  try {
    return readConsistent(
      () => {
        const bytes = readOrNull(join(dir, 'account.snapshot'));
        const origin = bytes === null ? null : snapshotOrigin(bytes);
        if (bytes === null || origin === null) return null;
        // Not the very file the snapshot was written beside (a copy, a file replaced since): its bytes must be the ones.
        const same = origin.storeStamp !== null && origin.storeStamp === identity(storePath);
        const storeBytes = same ? null : readOrNull(storePath);
        if (!same && storeBytes === null) return null;
        const key = storeBytes === null ? origin : { ...origin, storeSize: storeBytes.length, storeCrc: crc32(storeBytes) };
        const tip = snapshotTip(bytes, key, crc32);
        if (tip === null) return null;
        const adds = journalWith(fsRead, join(dir, 'account.journal'), (lines) => {
          if (lines === null) return false;
          const read = journalRead(lines, key.journalSeq);
          return lines.torn || read.changes > 0 || read.damagedCount > 0;
        });
        return adds ? null : tip;
      },
      () => identity(storePath),
      READ_TRIES,
    );
  } catch {
    return null;
  }
}

/** The account in the app's data folder `dir`, or one line that says why it cannot be read. */
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
  return { ok: true, account: journal.data.account, warnings };
}
