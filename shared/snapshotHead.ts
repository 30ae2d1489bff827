/**
 * A snapshot's header and head read from its file without the order, costs and checkpoints after them (12 MB on a
 * 1M-usage account): what the command line's `balance --data` and the app's first screen read. No schema, no store:
 * the command line's entry loads it before anything else.
 */
import { snapshotHeadEnd } from './engine/snapshot.ts';

/** The file calls it makes (node:fs's, or the store's own). */
export interface SnapshotFile {
  openSync(path: string, flags: 'r'): number;
  fstatSync(fd: number): { readonly size: number };
  readSync(fd: number, into: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
}

/** How much of the snapshot is read first: its header line, and on most accounts its head. */
const FIRST_READ = 64 * 1024;

/** `length` bytes of the open file `fd` from its start (fewer at its end). */
function readStart(fs: SnapshotFile, fd: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let n = 0;
  for (let got = -1; n < length && got !== 0; n += got) got = fs.readSync(fd, bytes, n, length - n, n);
  return bytes.subarray(0, n);
}

/** The snapshot's first bytes, through its head, and the file's size (what `snapshotTip` reads); null when there is none, or it is no snapshot of this format. */
export function snapshotHeadRead(fs: SnapshotFile, path: string): { bytes: Uint8Array; size: number } | null {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    const code = (e as { readonly code?: unknown }).code;
    if (code === 'ENOENT' || code === 'EISDIR') return null;
    throw e;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const first = readStart(fs, fd, Math.min(size, FIRST_READ));
    const end = snapshotHeadEnd(first);
    if (end === null) return null;
    return { bytes: end <= first.length ? first : readStart(fs, fd, Math.min(size, end)), size };
  } finally {
    fs.closeSync(fd);
  }
}
