/**
 * The data folder's snapshot head read with node:fs (shared/folderTip.ts): it needs none of the formats' schemas, so
 * `balance --data` answers from it before the rest of the command loads.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { SnapshotTip } from '../shared/engine/snapshot.ts';
import { bytesOrNull, fileIdentity, folderTip, journalHoldsIn, type FolderTipFile, type JournalAdds } from '../shared/folderTip.ts';

export { READ_TRIES, type JournalAdds } from '../shared/folderTip.ts';

const nodeFs: FolderTipFile = { openSync, fstatSync, readSync, closeSync, statSync, readFileSync };

/** A file's identity on disk (inode, time, size), null when there is none. */
export const identity = (path: string): string | null => fileIdentity(nodeFs, path);

export const readOrNull = (path: string): Buffer | null => bytesOrNull(nodeFs, path) as Buffer | null;

/** An empty or absent journal adds nothing; one that holds anything is left to the whole command to read. */
export const journalHolds: JournalAdds = journalHoldsIn(nodeFs);

/** The state after every event of the account in `dir`, from the snapshot's head (shared/folderTip.ts); null when it does not answer. */
export const dataFolderTip = (dir: string, journalAdds: JournalAdds): SnapshotTip | null => folderTip(nodeFs, crc32, dir, journalAdds);
