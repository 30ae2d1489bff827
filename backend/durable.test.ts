/**
 * Durability in order, through the disk double's record of what reached the
 * disk: a replaced file is written in full, fsync'd, renamed over its target,
 * and its folder fsync'd, in that order; a journal line is fsync'd before the
 * change counts; a compaction whose fsync fails leaves the old file and the
 * journal as they were.
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../shared/units.ts';
import { diskDouble, type DiskOp } from '../test/fixtures/disk.ts';
import { dirSync, fileCopy, fileReplace, fileWrite, isStorageError, storageCause, storageMessage, tmpSweep, writeAll, type Fs } from './durable.ts';
import { storeOpen } from './store.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'cc-durable-'));
const sub = { type: 'subscribe' as const, date: '2026-01-01' as IsoDate, plan: 'pro' as const, credits: 100_000, id: 'sub' };
const usage = (id: string) => ({ type: 'usage' as const, date: '2026-01-02' as IsoDate, feature: 'avatar-iv' as const, minutes: 1, id });

/** The operations as words, with paths relative to `dir` and a temporary file's random part as `*`. */
function said(ops: readonly DiskOp[], dir: string): string[] {
  const rel = (path: string) => (path === dir ? '.' : path.replace(`${dir}/`, '').replace(/\.[0-9a-f]{12}\.tmp$/, '.*.tmp'));
  return ops.map((o) => {
    switch (o.op) {
      case 'write':
        return `write ${rel(o.path)}`;
      case 'fsync':
        return `fsync ${o.folder ? 'folder' : 'file'} ${rel(o.path)}`;
      case 'rename':
        return `rename ${rel(o.path)} → ${rel(o.to)}`;
      case 'truncate':
        return `truncate ${rel(o.path)} to ${o.size}`;
      case 'unlink':
        return `unlink ${rel(o.path)}`;
    }
  });
}

/** Consecutive writes to one file as one: how many calls a write took is the kernel's business. */
const merged = (words: readonly string[]) => words.filter((w, i) => !(w.startsWith('write ') && words[i - 1] === w));

describe('fileReplace: write, fsync the file, rename, fsync the folder, in that order', () => {
  it('replaces a file, and leaves no descriptor open', () => {
    const dir = tmp();
    const disk = diskDouble();
    writeFileSync(join(dir, 'account.json'), 'old');
    fileReplace(disk.fs, join(dir, 'account.json'), Buffer.from('new contents'));
    expect(disk.open()).toEqual([]);
    expect(said(disk.ops, dir)).toEqual(['write account.json.*.tmp', 'fsync file account.json.*.tmp', 'rename account.json.*.tmp → account.json', 'fsync folder .']);
    expect(readFileSync(join(dir, 'account.json'), 'utf8')).toBe('new contents');
    expect(readdirSync(dir)).toEqual(['account.json']);
  });

  it('writes every byte before the fsync, however short each write is', () => {
    const dir = tmp();
    const disk = diskDouble();
    const bytes = Buffer.alloc(10_000, 7);
    const fs: Fs = { ...disk.fs, writeSync: ((fd: number, b: Uint8Array, offset: number, length: number) => disk.fs.writeSync(fd, b, offset, Math.min(length, 999))) as Fs['writeSync'] };
    fileReplace(fs, join(dir, 'big.json'), bytes);
    const words = said(disk.ops, dir);
    expect(words.filter((w) => w.startsWith('write'))).toHaveLength(11);
    expect(merged(words)).toEqual(['write big.json.*.tmp', 'fsync file big.json.*.tmp', 'rename big.json.*.tmp → big.json', 'fsync folder .']);
    expect(readFileSync(join(dir, 'big.json')).equals(bytes)).toBe(true);
  });

  it.each<[string, (path: string, folder: boolean) => boolean, string[], string]>([
    ['the file’s fsync fails: nothing is renamed, the old file stays', (_path, folder) => !folder, ['write account.json.*.tmp', 'unlink account.json.*.tmp'], 'old'],
    ['the folder’s fsync fails: the error is thrown after the rename, never swallowed', (_path, folder) => folder, ['write account.json.*.tmp', 'fsync file account.json.*.tmp', 'rename account.json.*.tmp → account.json'], 'new'],
  ])('%s', (_what, failing, ops, left) => {
    const dir = tmp();
    const disk = diskDouble();
    writeFileSync(join(dir, 'account.json'), 'old');
    disk.failFsync = failing;
    expect(() => fileReplace(disk.fs, join(dir, 'account.json'), Buffer.from('new'))).toThrow(expect.objectContaining({ code: 'EIO' }));
    expect(said(disk.ops, dir)).toEqual(ops);
    expect(disk.open()).toEqual([]);
    expect(readFileSync(join(dir, 'account.json'), 'utf8')).toBe(left);
    expect(readdirSync(dir)).toEqual(['account.json']);
  });

  it('stops before the rename when asked to (the store no longer holds the folder), removing its temporary file', () => {
    const dir = tmp();
    const disk = diskDouble();
    writeFileSync(join(dir, 'account.json'), 'old');
    const lost = Object.assign(new Error('lost'), { code: 'ELOCKLOST' });
    expect(() => fileReplace(disk.fs, join(dir, 'account.json'), Buffer.from('new'), () => {
      throw lost;
    })).toThrow(lost);
    expect(said(disk.ops, dir)).toEqual(['write account.json.*.tmp', 'fsync file account.json.*.tmp', 'unlink account.json.*.tmp']);
    expect(readFileSync(join(dir, 'account.json'), 'utf8')).toBe('old');
  });

  it('refuses a file that reads back different from what was written, and keeps the old one', () => {
    const dir = tmp();
    const disk = diskDouble();
    writeFileSync(join(dir, 'account.json'), 'old');
    const fs: Fs = { ...disk.fs, readFileSync: ((path: string) => Buffer.from(`${String(readFileSync(path))}!`)) as Fs['readFileSync'] };
    expect(() => fileReplace(fs, join(dir, 'account.json'), Buffer.from('new'))).toThrow(expect.objectContaining({ code: 'EIO', message: expect.stringMatching(/^EIO: .*account\.json\.[0-9a-f]{12}\.tmp reads back 4 bytes that differ from the 3 written$/) }));
    expect(readFileSync(join(dir, 'account.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['account.json']);
  });

  it('a disk that fills mid-write: the temporary file is removed, the old file stays, the error says the disk is full', () => {
    const dir = tmp();
    const disk = diskDouble(5);
    writeFileSync(join(dir, 'account.json'), 'old');
    expect(() => fileReplace(disk.fs, join(dir, 'account.json'), Buffer.from('0123456789'))).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    expect(said(disk.ops, dir)).toEqual(['write account.json.*.tmp', 'unlink account.json.*.tmp']);
    expect(disk.open()).toEqual([]);
    expect(readdirSync(dir)).toEqual(['account.json']);
  });
});

describe('fileWrite: a file written a chunk at a time, as fileReplace writes', () => {
  it('writes the chunks whole, in order: write, fsync the file, rename, fsync the folder; no descriptor left open', () => {
    const dir = tmp();
    const disk = diskDouble();
    writeFileSync(join(dir, 'fold'), 'old');
    fileWrite(disk.fs, join(dir, 'fold'), [Buffer.from('head\n'), Buffer.alloc(0), Buffer.from('one\ntwo\n')]);
    expect(readFileSync(join(dir, 'fold'), 'utf8')).toBe('head\none\ntwo\n');
    expect(merged(said(disk.ops, dir))).toEqual(['write fold.*.tmp', 'fsync file fold.*.tmp', 'rename fold.*.tmp → fold', 'fsync folder .']);
    expect(disk.open()).toEqual([]);
  });

  it('a file that does not hold every byte written (a short write the disk did not report): refused, the old file kept, nothing left open', () => {
    const dir = tmp();
    const disk = diskDouble();
    writeFileSync(join(dir, 'fold'), 'old');
    // The second chunk's bytes are said written, and never reach the file.
    let writes = 0;
    const fs: Fs = { ...disk.fs, writeSync: ((fd: number, b: Uint8Array, offset: number, length: number) => (writes++ === 1 ? length : disk.fs.writeSync(fd, b, offset, length))) as Fs['writeSync'] };
    expect(() => fileWrite(fs, join(dir, 'fold'), [Buffer.from('abc'), Buffer.from('defg')])).toThrow(expect.objectContaining({ code: 'EIO', message: expect.stringMatching(/^EIO: \S+\.tmp holds 3 bytes of the 7 written$/) }));
    expect(readFileSync(join(dir, 'fold'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['fold']);
    expect(disk.open()).toEqual([]);
  });
});

describe('fileCopy: a copy made a chunk at a time, as fileReplace writes', () => {
  it('copies a file of several chunks whole, in order: write, fsync the file, rename, fsync the folder; no descriptor left open', () => {
    const dir = tmp();
    const disk = diskDouble();
    const bytes = Buffer.from(Array.from({ length: 2.5 * 2 ** 20 }, (_, i) => i % 251));
    writeFileSync(join(dir, 'from.journal'), bytes);
    fileCopy(disk.fs, join(dir, 'from.journal'), join(dir, 'aside.journal'));
    expect(readFileSync(join(dir, 'aside.journal')).equals(bytes)).toBe(true);
    expect(merged(said(disk.ops, dir))).toEqual(['write aside.journal.*.tmp', 'fsync file aside.journal.*.tmp', 'rename aside.journal.*.tmp → aside.journal', 'fsync folder .']);
    expect(disk.open()).toEqual([]);
  });

  it('copies an empty file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'from'), '');
    fileCopy(diskDouble().fs, join(dir, 'from'), join(dir, 'to'));
    expect(readFileSync(join(dir, 'to'), 'utf8')).toBe('');
  });

  it('a file that shrinks while it is copied: refused, the copy not made, nothing left open', () => {
    const dir = tmp();
    const disk = diskDouble();
    writeFileSync(join(dir, 'from'), Buffer.alloc(3 * 2 ** 20, 1));
    // The source read short after its first chunk, as a file cut by another program.
    let reads = 0;
    const fs: Fs = { ...disk.fs, readSync: ((fd: number, b: Uint8Array, offset: number, length: number, position: number) => (reads++ === 0 ? disk.fs.readSync(fd, b, offset, length, position) : 0)) as Fs['readSync'] };
    expect(() => fileCopy(fs, join(dir, 'from'), join(dir, 'to'))).toThrow(expect.objectContaining({ code: 'EIO', message: expect.stringMatching(/^EIO: \S+\.tmp holds 1048576 bytes of the 3145728 copied$/) }));
    expect(readdirSync(dir)).toEqual(['from']);
    expect(disk.open()).toEqual([]);
  });

  it('a file that grows while it is copied (another program appends to it): the copy is the file as it was when the copy began, whole', () => {
    const dir = tmp();
    const disk = diskDouble();
    // Two and a half chunks: the last read asks for the half chunk that is left, not for a whole one.
    const bytes = Buffer.from(Array.from({ length: 2.5 * 2 ** 20 }, (_, i) => i % 251));
    writeFileSync(join(dir, 'from'), bytes);
    // After the first chunk is read, a whole chunk more is appended to the real file.
    let reads = 0;
    const fs: Fs = {
      ...disk.fs,
      readSync: ((fd: number, b: Uint8Array, offset: number, length: number, position: number) => {
        const n = disk.fs.readSync(fd, b, offset, length, position);
        if (reads++ === 0) appendFileSync(join(dir, 'from'), Buffer.alloc(2 ** 20, 7));
        return n;
      }) as Fs['readSync'],
    };
    fileCopy(fs, join(dir, 'from'), join(dir, 'to'));
    expect(readFileSync(join(dir, 'to')).equals(bytes)).toBe(true);
    expect(disk.open()).toEqual([]);
  });
});

describe('the other durable writes', () => {
  it('writeAll: a write that makes no progress is a full disk, not a loop', () => {
    const dir = tmp();
    const disk = diskDouble();
    const fd = disk.fs.openSync(join(dir, 'f'), 'w');
    const stuck: Fs = { ...disk.fs, writeSync: (() => 0) as unknown as Fs['writeSync'] };
    expect(() => writeAll(stuck, fd, Buffer.from('abc'))).toThrow(expect.objectContaining({ code: 'ENOSPC', message: 'ENOSPC: no bytes written after 0 of 3' }));
    writeAll(disk.fs, fd, Buffer.alloc(0));
    expect(disk.ops).toEqual([]);
    disk.fs.closeSync(fd);
  });

  it('dirSync fsyncs the folder itself; a folder that cannot be opened (Windows) or fsync’d (EINVAL) is left to the system', () => {
    const dir = tmp();
    const disk = diskDouble();
    dirSync(disk.fs, dir);
    expect(said(disk.ops, dir)).toEqual(['fsync folder .']);
    const closed: number[] = [];
    const einval: Fs = { ...disk.fs, fsyncSync: () => { throw Object.assign(new Error('EINVAL'), { code: 'EINVAL' }); }, closeSync: (fd) => (closed.push(fd), disk.fs.closeSync(fd)) };
    expect(() => dirSync(einval, dir)).not.toThrow();
    expect(closed).toHaveLength(1);
    for (const code of ['EISDIR', 'EPERM']) {
      const windows: Fs = { ...disk.fs, openSync: (() => { throw Object.assign(new Error(code), { code }); }) as unknown as Fs['openSync'] };
      expect(() => dirSync(windows, dir)).not.toThrow();
    }
    const gone: Fs = { ...disk.fs, openSync: (() => { throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' }); }) as unknown as Fs['openSync'] };
    expect(() => dirSync(gone, dir)).toThrow('ENOENT');
    disk.failFsync = true;
    const shut: number[] = [];
    expect(() => dirSync({ ...disk.fs, closeSync: (fd) => (shut.push(fd), disk.fs.closeSync(fd)) }, dir)).toThrow(expect.objectContaining({ code: 'EIO' }));
    expect(shut).toHaveLength(1);
  });

  it('a journal line is written and fsync’d before the change counts; a new journal’s folder is fsync’d before its first line', () => {
    const dir = tmp();
    const disk = diskDouble();
    const s = storeOpen({ dir, fs: disk.fs, log: () => {} });
    disk.ops.length = 0;
    s.commit({ op: 'event-add', event: sub });
    expect(said(disk.ops, dir)).toEqual(['fsync folder .', 'write account.journal', 'fsync file account.journal']);
    disk.ops.length = 0;
    s.commit({ op: 'event-add', event: usage('a') });
    expect(said(disk.ops, dir)).toEqual(['write account.journal', 'fsync file account.journal']);
    s.close();
  });

  it('compaction: the store file replaced in order, and only then the journal emptied and fsync’d', () => {
    const dir = tmp();
    const disk = diskDouble();
    const s = storeOpen({ dir, fs: disk.fs, log: () => {}, compactEvery: 1_000_000 });
    s.commit({ op: 'event-add', event: sub });
    s.commit({ op: 'event-add', event: usage('a') });
    disk.ops.length = 0;
    expect(s.compact()).toBe(true);
    expect(merged(said(disk.ops, dir)).slice(0, 6)).toEqual([
      'write account.json.*.tmp',
      'fsync file account.json.*.tmp',
      'rename account.json.*.tmp → account.json',
      'fsync folder .',
      'truncate account.journal to 0',
      'fsync file account.journal',
    ]);
    s.close();
  });

  it.each<[string, (path: string, folder: boolean) => boolean, string[]]>([
    ['the new file’s: the old file stays', (path) => path.endsWith('.tmp'), ['sub']],
    ['the folder’s, after the rename: the new file is in place', (_path, folder) => folder, ['sub', 'a', 'b']],
  ])('a compaction whose fsync fails (%s) empties no journal, and nothing acknowledged is lost', (_what, failing, inFile) => {
    const dir = tmp();
    const disk = diskDouble();
    const logged: string[] = [];
    const s = storeOpen({ dir, fs: disk.fs, log: (m) => logged.push(m), compactEvery: 1_000_000 });
    s.commit({ op: 'event-add', event: sub });
    expect(s.compact()).toBe(true);
    s.commit({ op: 'event-add', event: usage('a') });
    s.commit({ op: 'event-add', event: usage('b') });
    const journal = readFileSync(join(dir, 'account.journal'), 'utf8');
    disk.failFsync = failing;
    expect(s.compact()).toBe(false);
    expect(logged.at(-1)).toBe(`the account could not be rewritten (The disk reported an error while saving to ${dir}: the last change was not saved. Check the disk, then try again.); every change is still in ${join(dir, 'account.journal')}`);
    expect(readFileSync(join(dir, 'account.journal'), 'utf8')).toBe(journal);
    expect(JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8')).account.events.map((e: { id: string }) => e.id)).toEqual(inFile);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // A change after it is still saved; once the disk is well, the folder holds every acknowledged change once.
    s.commit({ op: 'event-add', event: usage('c') });
    disk.failFsync = false;
    s.close();
    const reopened = storeOpen({ dir, log: () => {} });
    expect(reopened.data.account.events.map((e) => e.id)).toEqual(['sub', 'a', 'b', 'c']);
    reopened.close();
  });
});

describe('what a storage failure says', () => {
  it.each([
    ['ENOSPC', 'The disk is full: the last change was not saved. Free some space on the disk that holds /d, then try again.'],
    ['EDQUOT', 'The disk is full: the last change was not saved. Free some space on the disk that holds /d, then try again.'],
    ['EACCES', 'Credit Companion may not write to /d: the last change was not saved. Check the folder’s permissions, then try again.'],
    ['EPERM', 'Credit Companion may not write to /d: the last change was not saved. Check the folder’s permissions, then try again.'],
    ['EROFS', 'The disk that holds /d is read-only: the last change was not saved.'],
    ['EIO', 'The disk reported an error while saving to /d: the last change was not saved. Check the disk, then try again.'],
    ['EBUSY', 'Saving to /d failed (EBUSY): the last change was not saved.'],
  ])('%s', (code, message) => {
    const error = Object.assign(new Error(code), { code });
    expect(storageMessage(error, '/d')).toBe(message);
    expect(storageCause(error, '/d')).toBe(message.split(': the last change')[0]);
    expect(isStorageError(error)).toBe(true);
  });

  it('a failure that is not the disk’s is a bug, said as it is', () => {
    expect(storageMessage(new TypeError('x is not a function'), '/d')).toBe('Saving to /d failed (TypeError: x is not a function): the last change was not saved.');
    for (const e of [new TypeError('x'), null, undefined, { code: 42 }, { code: 'ELOCKLOST!' }, { code: 'eio' }, { code: 'XEIO' }]) expect(isStorageError(e)).toBe(false);
    expect(isStorageError({ code: 'ELOCKLOST' })).toBe(true);
  });
});

describe('tmpSweep', () => {
  it('removes what interrupted replacements left beside the files named so, and nothing else', () => {
    const dir = tmp();
    for (const f of ['account.json', 'account.json.0123456789ab.tmp', 'account.json.tmp-1234', 'account.journal', 'other.json.0123456789ab.tmp', 'notes.tmp', 'account.json.tmpfile']) writeFileSync(join(dir, f), '');
    const disk = diskDouble();
    expect(tmpSweep(disk.fs, dir, 'account').sort()).toEqual(['account.json.0123456789ab.tmp', 'account.json.tmp-1234']);
    expect(readdirSync(dir).sort()).toEqual(['account.journal', 'account.json', 'account.json.tmpfile', 'notes.tmp', 'other.json.0123456789ab.tmp']);
    expect(tmpSweep(disk.fs, join(dir, 'missing'), 'account')).toEqual([]);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
