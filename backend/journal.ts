/**
 * The change journal's writer: each change one JSON line with its number,
 * appended and fsync'd before it counts; a line that could not be written whole
 * is cut off again, so the journal only ever holds whole lines after the last
 * acknowledged one. It counts the changes the store file does not hold yet and
 * asks for a compaction (the store file rewritten, the journal emptied) soon
 * after every `compactEvery` of them.
 */
import { dirSync, FILE_MODE, writeAll, type Fs } from './durable.ts';
import type { Op } from '../shared/store.ts';

export interface JournalOptions {
  readonly fs: Fs;
  /** The folder that holds it: fsync'd when the journal is created. */
  readonly dir: string;
  readonly path: string;
  /** The bytes of whole lines it holds; `torn`: a line cut short follows them, cut off before the next append. */
  readonly size: number;
  readonly torn: boolean;
  /** The changes it holds that the store file does not. */
  readonly pending: number;
  readonly compactEvery: number;
  /** Rewrite the store file and empty the journal (then `compacted`): run once the journal holds `compactEvery` changes more. */
  readonly compact: () => void;
}

export interface JournalWriter {
  /** The changes the journal holds that the store file does not. */
  readonly pending: number;
  /** Append change `seq`, fsync'd; when that fails the journal is cut back to its last whole line and the error thrown. */
  append(seq: number, op: Op): void;
  /** Empty the journal, fsync'd: the store file holds all of it. Throws when it could not. */
  empty(): void;
  /** The store file was rewritten (`saved`), or could not be: the next compaction is due `compactEvery` changes on. */
  compacted(saved: boolean): void;
  close(): void;
}

export function journalWriter(options: JournalOptions): JournalWriter {
  const { fs, path, compactEvery } = options;
  let fd: number | null = null;
  let size = options.size;
  /** A failed append's bytes could not be cut off again: cut them before the next one. */
  let torn = options.torn;
  let pending = options.pending;
  let nextCompactAt = compactEvery;
  let compactScheduled = false;

  function journalFd(): number {
    if (fd !== null) return fd;
    const existed = fs.existsSync(path);
    fd = fs.openSync(path, 'a', FILE_MODE);
    if (!existed) dirSync(fs, options.dir);
    return fd;
  }

  function compactSoon(): void {
    if (pending < nextCompactAt || compactScheduled) return;
    compactScheduled = true;
    setImmediate(() => {
      compactScheduled = false;
      if (pending >= nextCompactAt) options.compact();
    });
  }

  return {
    get pending() {
      return pending;
    },
    append(seq, op) {
      const line = Buffer.from(`${JSON.stringify({ seq, ...op })}\n`);
      let f: number | null = null;
      try {
        f = journalFd();
        if (torn) {
          fs.ftruncateSync(f, size);
          torn = false;
        }
        writeAll(fs, f, line);
        fs.fsyncSync(f);
      } catch (e) {
        if (f !== null) {
          try {
            fs.ftruncateSync(f, size);
          } catch {
            torn = true;
          }
        }
        throw e;
      }
      size += line.length;
      pending++;
      compactSoon();
    },
    empty() {
      const f = journalFd();
      fs.ftruncateSync(f, 0);
      fs.fsyncSync(f);
      size = 0;
      torn = false;
    },
    compacted(saved) {
      if (saved) pending = 0;
      nextCompactAt = pending + compactEvery;
    },
    close() {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}
