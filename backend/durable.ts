/**
 * Writes that cannot lie. Every write here loops until all of its bytes reached
 * the file (a short `write` is not an error to the kernel, only to whoever
 * ignores it), is fsync'd before it counts, and a replaced file is written
 * beside its target, read back, renamed over it, and its folder fsync'd so the
 * rename itself survives a power cut. The file system is passed in so that tests
 * can make a disk fill up at any byte.
 */
import * as nodeFs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** The synchronous file operations the store uses: node:fs, or a test's double of it. */
export type Fs = Pick<
  typeof nodeFs,
  | 'openSync'
  | 'writeSync'
  | 'readSync'
  | 'fsyncSync'
  | 'closeSync'
  | 'ftruncateSync'
  | 'fstatSync'
  | 'renameSync'
  | 'unlinkSync'
  | 'readFileSync'
  | 'readdirSync'
  | 'mkdirSync'
  | 'statSync'
  | 'chmodSync'
  | 'existsSync'
  | 'rmdirSync'
  | 'utimesSync'
  | 'realpathSync'
  | 'lstatSync'
>;

export const realFs: Fs = nodeFs;

/** Files the store writes may be read by their owner only. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Where a replacement is written before it is renamed into place: found and removed by `tmpSweep`. */
const TMP_SUFFIX = '.tmp';

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** Write every byte of `bytes` at the file's current position (or end, for an append). */
export function writeAll(fs: Fs, fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) {
    const n = fs.writeSync(fd, bytes, done, bytes.length - done);
    // A write that makes no progress would loop for ever: the kernel says so with ENOSPC on the next call, a double may not.
    if (n <= 0) throw errno('ENOSPC', `no bytes written after ${done} of ${bytes.length}`);
    done += n;
  }
}

/** fsync a folder, so that a file created, renamed or removed in it stays so after a crash. */
export function dirSync(fs: Fs, dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch (e) {
    // Windows cannot open a folder; its renames are durable once they return.
    if ((e as NodeJS.ErrnoException).code === 'EISDIR' || (e as NodeJS.ErrnoException).code === 'EPERM') return;
    throw e;
  }
  try {
    fs.fsyncSync(fd);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replace `path` with `bytes`, all or nothing: a temporary file beside it is
 * written in full, fsync'd, read back and compared byte for byte, renamed over
 * `path`, and the folder fsync'd. On any failure the temporary file is removed,
 * `path` is left as it was, and the error is thrown. `beforeRename` may throw to
 * stop it at the last moment (the store checks it still holds the folder).
 */
export function fileReplace(fs: Fs, path: string, bytes: Uint8Array, beforeRename?: () => void): void {
  replaceBy(
    fs,
    path,
    (fd) => writeAll(fs, fd, bytes),
    (tmp) => {
      const back = fs.readFileSync(tmp);
      if (!back.equals(bytes)) throw errno('EIO', `${tmp} reads back ${back.length} bytes that differ from the ${bytes.length} written`);
    },
    beforeRename,
  );
}

/**
 * Replace `path` with the bytes of `chunks` in order, all or nothing as `fileReplace`: a file of any size, never held
 * whole (its size is checked, not its bytes read back). `beforeRename` as `fileReplace`'s.
 */
export function fileWrite(fs: Fs, path: string, chunks: Iterable<Uint8Array>, beforeRename?: () => void): void {
  let size = 0;
  replaceBy(
    fs,
    path,
    (fd) => {
      for (const chunk of chunks) {
        writeAll(fs, fd, chunk);
        size += chunk.length;
      }
    },
    (tmp) => {
      const written = fs.statSync(tmp).size;
      if (written !== size) throw errno('EIO', `${tmp} holds ${written} bytes of the ${size} written`);
    },
    beforeRename,
  );
}

const COPY_CHUNK = 1 << 20;

/** Replace `path` with a copy of the file `from`, all or nothing as `fileReplace`, a chunk at a time: a file of any size, never read whole. */
export function fileCopy(fs: Fs, from: string, path: string): void {
  const source = fs.openSync(from, 'r');
  try {
    const size = fs.fstatSync(source).size;
    const chunk = Buffer.alloc(Math.min(COPY_CHUNK, size));
    let copied = 0;
    replaceBy(
      fs,
      path,
      (fd) => {
        for (;;) {
          const n = fs.readSync(source, chunk, 0, Math.min(chunk.length, size - copied), copied);
          // Nothing more: all of it copied (a read of the 0 bytes left), or the file cut while copied (the check below refuses that copy).
          if (n === 0) break;
          writeAll(fs, fd, chunk.subarray(0, n));
          copied += n;
        }
      },
      (tmp) => {
        const written = fs.statSync(tmp).size;
        if (written !== size) throw errno('EIO', `${tmp} holds ${written} bytes of the ${size} copied`);
      },
    );
  } finally {
    fs.closeSync(source);
  }
}

/** Write a temporary file beside `path` (`write`), fsync it, `check` it, rename it over `path` and fsync the folder; on any failure remove it and throw. */
function replaceBy(fs: Fs, path: string, write: (fd: number) => void, check: (tmp: string) => void, beforeRename?: () => void): void {
  const tmp = join(dirname(path), `${basename(path)}.${randomBytes(6).toString('hex')}${TMP_SUFFIX}`);
  let fd: number | null = fs.openSync(tmp, 'wx', FILE_MODE);
  try {
    write(fd);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    check(tmp);
    beforeRename?.();
    fs.renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // The write's own error is the one to report.
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // Already gone, or the disk refuses even that: `tmpSweep` removes it at the next start.
    }
    throw e;
  }
  dirSync(fs, dirname(path));
}

/**
 * Remove what an interrupted `fileReplace` (or conf's own atomic write) left in
 * `dir` beside the files named `prefix…`: run at start, by the one process that
 * holds the folder. Returns the names removed.
 */
export function tmpSweep(fs: Fs, dir: string, prefix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const left = fs.readdirSync(dir).filter((f) => f.startsWith(prefix) && (f.endsWith(TMP_SUFFIX) || f.includes('.tmp-')));
  for (const f of left) fs.unlinkSync(join(dir, f));
  return left;
}

/** What the disk or folder did, in a person's words, and what they can do about it (empty where nothing helps). */
function storageFailure(error: unknown, dir: string): { readonly cause: string; readonly remedy: string } {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return { cause: 'The disk is full', remedy: ` Free some space on the disk that holds ${dir}, then try again.` };
    case 'EACCES':
    case 'EPERM':
      return { cause: `Credit Companion may not write to ${dir}`, remedy: ' Check the folder’s permissions, then try again.' };
    case 'EROFS':
      return { cause: `The disk that holds ${dir} is read-only`, remedy: '' };
    case 'EIO':
      return { cause: `The disk reported an error while saving to ${dir}`, remedy: ' Check the disk, then try again.' };
    default:
      return { cause: `Saving to ${dir} failed (${code ?? String(error)})`, remedy: '' };
  }
}

/** What happened, alone: for a message that goes on to say what it means (the folder opens read-only). */
export function storageCause(error: unknown, dir: string): string {
  return storageFailure(error, dir).cause;
}

/** What a failed write means to the person who made the change: what happened, that it was not saved, what to do. */
export function storageMessage(error: unknown, dir: string): string {
  const { cause, remedy } = storageFailure(error, dir);
  return `${cause}: the last change was not saved.${remedy}`;
}

/** Errors that mean the disk or folder refused a write, as opposed to a bug. */
export function isStorageError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
