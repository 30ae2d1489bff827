/**
 * The change journal's writer: each change one JSON line with its number,
 * appended and fsync'd before it counts; a line that could not be written whole
 * is cut off again, so the journal only ever holds whole lines after the last
 * acknowledged one. Its first line names the store file it belongs to (its id),
 * so that another folder's journal is never applied to this one.
 *
 * A change's line is its difference: a change made again since the journal was
 * last emptied (an undo or redo of an import) is written as the number of the
 * line that holds it, not as its events again. The writer counts the changes
 * the store file does not hold yet and the bytes it appended, and says when a
 * compaction (the store file rewritten, the journal emptied) is due: soon after
 * every `compactEvery` changes, or more when the store file is large (one change
 * for each `COMPACT_BYTES_A_CHANGE` of it), and at once when the journal outgrows
 * its bound (`journalBound`: 16 MB, or the store file's size). A change whose line
 * would take it past its bound is not written to it at all (`fits`): the store
 * file is rewritten with it at once, and the change is not written twice.
 */
import { dirSync, FILE_MODE, writeAll, type Fs } from './durable.ts';
import { journalBound } from '../shared/folder.ts';
import { journalHeadLine, journalLine, journalLineLengthAbout, type Op } from '../shared/store.ts';

export interface JournalOptions {
  readonly fs: Fs;
  /** The folder that holds it: fsync'd when the journal is created. */
  readonly dir: string;
  readonly path: string;
  /** The id of the store file it belongs to: its first line. */
  readonly storeId: string;
  /** The bytes of whole lines it holds; `torn`: a line cut short follows them, cut off before the next append. */
  readonly size: number;
  readonly torn: boolean;
  /** The changes it holds that the store file does not. */
  readonly pending: number;
  /** The store file's size: the journal's bound. */
  readonly storeSize: number;
  readonly compactEvery: number;
  /** Rewrite the store file and empty the journal (then `compacted`): run once the journal holds `compactionEvery` changes more. */
  readonly compact: () => void;
}

export interface JournalWriter {
  /** The changes the journal holds that the store file does not. */
  readonly pending: number;
  /** The bytes of the journal's whole lines. */
  readonly size: number;
  /** The journal outgrew its bound: compact now. */
  readonly due: boolean;
  /** Whether change `seq`'s line would keep the journal within its bound (a long list's length guessed from a sample of it, not written out). */
  fits(seq: number, op: Op): boolean;
  /** Append change `seq`, fsync'd; when that fails the journal is cut back to its last whole line and the error thrown. */
  append(seq: number, op: Op): void;
  /** Empty the journal, fsync'd: the store file holds all of it. Throws when it could not. */
  empty(): void;
  /** The store file was rewritten (`saved`, now of `storeSize` bytes), or could not be: the next compaction is due `compactionEvery` changes on, or the bound's bytes on. */
  compacted(saved: boolean, storeSize: number): void;
  close(): void;
}

/**
 * A compaction rewrites the whole store file: about 100 MB at a million events, a couple of seconds of the worker. Due
 * every so many changes, it is due after at least one change for each this many bytes of the file, so that what is
 * rewritten comes to about this much a change, however large the account (10,000 changes at a million events).
 */
export const COMPACT_BYTES_A_CHANGE = 10_000;

/** The changes after which a compaction is due, for a store file of `storeSize` bytes. */
export function compactionEvery(compactEvery: number, storeSize: number): number {
  return Math.max(compactEvery, Math.ceil(storeSize / COMPACT_BYTES_A_CHANGE));
}

export function journalWriter(options: JournalOptions): JournalWriter {
  const { fs, path, compactEvery } = options;
  let fd: number | null = null;
  let size = options.size;
  /** A failed append's bytes could not be cut off again: cut them before the next one. */
  let torn = options.torn;
  let pending = options.pending;
  let nextCompactAt = compactionEvery(compactEvery, options.storeSize);
  let compactScheduled = false;
  let bytesLimit = journalBound(options.storeSize);
  /** The line that holds each op written since the journal was emptied (only a journal this writer began names them). */
  const written = new Map<Op, number>();
  let headed = false;

  function journalFd(): number {
    if (fd !== null) return fd;
    const existed = fs.existsSync(path);
    fd = fs.openSync(path, 'a', FILE_MODE);
    if (!existed) dirSync(fs, options.dir);
    return fd;
  }

  function compactSoon(): void {
    // Stryker disable next-line ConditionalExpression: without this test every append schedules a check that finds no compaction due (the callback tests again).
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
    get size() {
      return size;
    },
    get due() {
      return size > bytesLimit;
    },
    fits(seq, op) {
      const again = headed ? written.get(op) : undefined;
      const head = size === 0 ? journalHeadLine(options.storeId).length : 0;
      return size + head + (again === undefined ? journalLineLengthAbout(seq, op) : journalLine(seq, { again }).length) <= bytesLimit;
    },
    append(seq, op) {
      const head = size === 0 ? journalHeadLine(options.storeId) : '';
      const again = headed ? written.get(op) : undefined;
      const line = Buffer.from(head + journalLine(seq, again === undefined ? op : { again }));
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
      if (head !== '') headed = true;
      // Stryker disable next-line LogicalOperator,ConditionalExpression: written is read only where headed (above), so what it holds otherwise is never used; an op mapped to the line that repeats it resolves to the same op.
      if (headed && again === undefined) written.set(op, seq);
      size += line.length;
      pending++;
      compactSoon();
    },
    empty() {
      const f = journalFd();
      fs.ftruncateSync(f, 0);
      fs.fsyncSync(f);
      size = 0;
      // Stryker disable next-line BooleanLiteral: a torn flag left would only cut the emptied journal to 0 bytes again before the next line.
      torn = false;
      // The next line heads it again (size 0), and nothing written before is repeated.
      written.clear();
    },
    compacted(saved, storeSize) {
      if (saved) pending = 0;
      nextCompactAt = pending + compactionEvery(compactEvery, storeSize);
      bytesLimit = saved ? journalBound(storeSize) : size + journalBound(storeSize);
    },
    close() {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}
