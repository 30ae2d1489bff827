/**
 * The state after every event of the account in the app's data folder, from its snapshot's head alone (the
 * account's events never read) when the snapshot matches the store file and the journal adds nothing after it.
 * It needs none of the formats' schemas: `balance --data` answers from it before the rest of the command loads.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { readConsistent } from '../shared/consistent.ts';
import { snapshotOrigin, snapshotTip, type SnapshotTip } from '../shared/engine/snapshot.ts';
import { snapshotHeadRead } from '../shared/snapshotHead.ts';

/** How many times the folder is read again when the app compacted it meanwhile. */
export const READ_TRIES = 10;

/** A file's identity on disk (inode, time, size), null when there is none. */
export function identity(path: string): string | null {
  try {
    const st = statSync(path);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return null;
  }
}

export function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Whether the journal at `path` may hold something after the store file's position `afterSeq`: then the folder is read whole. */
export type JournalAdds = (path: string, afterSeq: number) => boolean;

/** An empty or absent journal adds nothing; one that holds anything is left to the whole command to read. */
export const journalHolds: JournalAdds = (path) => {
  try {
    const st = statSync(path);
    return st.isFile() && st.size > 0;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
};

/**
 * The state after every event of the account in `dir`, from the snapshot's head, when it matches the store file (the
 * very file it was written beside, by its identity on disk, or else its bytes) and `journalAdds` says the journal
 * adds nothing after it; null otherwise.
 */
export function dataFolderTip(dir: string, journalAdds: JournalAdds): SnapshotTip | null {
  const storePath = join(dir, 'account.json');
  try {
    return readConsistent(
      () => {
        const snapshot = snapshotHeadRead({ openSync, fstatSync, readSync, closeSync }, join(dir, 'account.snapshot'));
        const origin = snapshot === null ? null : snapshotOrigin(snapshot.bytes);
        if (snapshot === null || origin === null) return null;
        // Not the very file the snapshot was written beside (a copy, a file replaced since): its bytes must be the ones.
        const same = origin.storeStamp !== null && origin.storeStamp === identity(storePath);
        const storeBytes = same ? null : readOrNull(storePath);
        if (!same && storeBytes === null) return null;
        const key = storeBytes === null ? origin : { ...origin, storeSize: storeBytes.length, storeCrc: crc32(storeBytes) };
        const tip = snapshotTip(snapshot.bytes, key, crc32, snapshot.size);
        if (tip === null) return null;
        return journalAdds(join(dir, 'account.journal'), key.journalSeq) ? null : tip;
      },
      () => identity(storePath),
      READ_TRIES,
    );
  } catch {
    return null;
  }
}
