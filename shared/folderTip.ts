/**
 * The state after every event of the account in an app data folder, from its snapshot's head alone (the account's
 * events never read), when the snapshot matches the store file and the journal adds nothing after it. It needs none
 * of the formats' schemas and no store: the command line's `balance --data` and `overview` answer from it before the
 * rest of the command loads, and the app's overview reads a workspace whose service is not open from it. The file
 * calls are the caller's (node:fs's), as is the checksum.
 */
import { readConsistent } from './consistent.ts';
import { snapshotOrigin, snapshotTip, type SnapshotTip } from './engine/snapshot.ts';
import { snapshotHeadRead, type SnapshotFile } from './snapshotHead.ts';

/** How many times the folder is read again when the app compacted it meanwhile. */
export const READ_TRIES = 10;

/** The file calls the read makes. */
export interface FolderTipFile extends SnapshotFile {
  statSync(path: string): { readonly ino: number; readonly mtimeMs: number; readonly size: number; isFile(): boolean };
  readFileSync(path: string): Uint8Array;
}

/** Whether the journal at `path` may hold something after the store file's position `afterSeq`: then the folder is read whole. */
export type JournalAdds = (path: string, afterSeq: number) => boolean;

/** A file's identity on disk (inode, time, size), null when there is none. */
export function fileIdentity(fs: FolderTipFile, path: string): string | null {
  try {
    const st = fs.statSync(path);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return null;
  }
}

/** The file's bytes, null when there is none. */
export function bytesOrNull(fs: FolderTipFile, path: string): Uint8Array | null {
  try {
    return fs.readFileSync(path);
  } catch (e) {
    if ((e as { readonly code?: unknown }).code === 'ENOENT') return null;
    throw e;
  }
}

/** An empty or absent journal adds nothing; one that holds anything is left to a whole read. */
export function journalHoldsIn(fs: FolderTipFile): JournalAdds {
  return (path) => {
    try {
      const st = fs.statSync(path);
      return st.isFile() && st.size > 0;
    } catch (e) {
      return (e as { readonly code?: unknown }).code !== 'ENOENT';
    }
  };
}

/**
 * The state after every event of the account in `dir`, from the snapshot's head, when it matches the store file (the
 * very file it was written beside, by its identity on disk, or else its bytes) and `journalAdds` says the journal
 * adds nothing after it; null otherwise.
 */
export function folderTip(fs: FolderTipFile, crc32: (bytes: Uint8Array) => number, dir: string, journalAdds: JournalAdds): SnapshotTip | null {
  const storePath = `${dir}/account.json`;
  try {
    return readConsistent(
      () => {
        const snapshot = snapshotHeadRead(fs, `${dir}/account.snapshot`);
        const origin = snapshot === null ? null : snapshotOrigin(snapshot.bytes);
        if (snapshot === null || origin === null) return null;
        // Not the very file the snapshot was written beside (a copy, a file replaced since): its bytes must be the ones.
        const same = origin.storeStamp !== null && origin.storeStamp === fileIdentity(fs, storePath);
        const storeBytes = same ? null : bytesOrNull(fs, storePath);
        if (!same && storeBytes === null) return null;
        const key = storeBytes === null ? origin : { ...origin, storeSize: storeBytes.length, storeCrc: crc32(storeBytes) };
        const tip = snapshotTip(snapshot.bytes, key, crc32, snapshot.size);
        if (tip === null) return null;
        return journalAdds(`${dir}/account.journal`, key.journalSeq) ? null : tip;
      },
      () => fileIdentity(fs, storePath),
      READ_TRIES,
    );
  } catch {
    return null;
  }
}
