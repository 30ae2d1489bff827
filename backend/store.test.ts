/** The store on real files: journal, compaction, recovery, and a process killed mid-write. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountParse } from '../shared/formats/account.ts';
import { storeOpen } from './store.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'cc-store-'));
const sub = { type: 'subscribe' as const, date: '2026-01-01' as never, plan: 'pro' as const, credits: 1000, id: 'sub' };
const usage = (id: string) => ({ type: 'usage' as const, date: '2026-01-02' as never, feature: 'avatar-iv' as const, minutes: 1, id });

describe('store', () => {
  it('acknowledges a change once it is in the journal, and compacts it into the store later', () => {
    const dir = tmp();
    const s = storeOpen({ dir, compactEvery: 1000 });
    s.commit({ op: 'event-add', event: sub });
    s.commit({ op: 'event-add', event: usage('a') });
    expect(readFileSync(join(dir, 'account.journal'), 'utf8').trim().split('\n')).toHaveLength(2);
    s.compact();
    expect(existsSync(join(dir, 'account.journal'))).toBe(false);
    const stored = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'));
    expect(stored.account.events.map((e: { id: string }) => e.id)).toEqual(['sub', 'a']);
    expect(stored.journalSeq).toBe(2);
  });

  it('never applies a journal line twice (a crash between compaction and truncation)', () => {
    const dir = tmp();
    const s = storeOpen({ dir });
    s.commit({ op: 'event-add', event: sub });
    s.commit({ op: 'event-add', event: usage('a') });
    const journal = readFileSync(join(dir, 'account.journal'), 'utf8');
    s.compact();
    writeFileSync(join(dir, 'account.journal'), journal);
    expect(storeOpen({ dir }).data.account.events).toHaveLength(2);
  });

  it('drops a torn last journal line (a change never acknowledged) and keeps the rest', () => {
    const dir = tmp();
    const s = storeOpen({ dir });
    s.commit({ op: 'event-add', event: sub });
    s.commit({ op: 'event-add', event: usage('a') });
    writeFileSync(join(dir, 'account.journal'), `${readFileSync(join(dir, 'account.journal'), 'utf8')}{"seq":3,"op":"event-add","ev`);
    const reopened = storeOpen({ dir });
    expect(reopened.data.account.events.map((e) => e.id)).toEqual(['sub', 'a']);
    expect(reopened.notices).toEqual([]);
  });

  it('moves a truncated store aside, reports it, and restores the newest good backup', () => {
    const dir = tmp();
    const s = storeOpen({ dir });
    s.commit({ op: 'event-add', event: sub });
    s.close();
    storeOpen({ dir }).close(); // opening backs up the good store
    const path = join(dir, 'account.json');
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, 40));
    const recovered = storeOpen({ dir });
    expect(recovered.data.account.events.map((e) => e.id)).toEqual(['sub']);
    expect(recovered.notices).toHaveLength(1);
    expect(recovered.notices[0]).toMatch(/kept aside as .*\.corrupt, and the backup of .* was restored/);
    const corrupt = readdirSync(dir).filter((f) => f.endsWith('.corrupt'));
    expect(corrupt).toHaveLength(1);
    expect(readFileSync(join(dir, corrupt[0]!), 'utf8')).toHaveLength(40);
  });

  it('with no usable backup, starts empty and says so, keeping the damaged file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'account.json'), '{"account": {"format": "credit-companion/account@1", "events": [{"type": "usage"}]}}');
    const s = storeOpen({ dir });
    expect(s.data.account.events).toEqual([]);
    expect(s.notices[0]).toContain('no backup was usable');
    expect(readdirSync(dir).some((f) => f.endsWith('.corrupt'))).toBe(true);
  });

  it.each([
    ['between compactions', 1000],
    ['while compacting every few writes', 7],
  ])('killed with SIGKILL in the middle of 100 writes (%s): never corrupt, no acknowledged entry lost', async (_name, compactEvery) => {
    const dir = tmp();
    for (let round = 0; round < 3; round++) {
      const acked: string[] = [];
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'test', 'fixtures', 'store-writer.ts'), dir, String(compactEvery)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let buffer = '';
      await new Promise<void>((resolve) => {
        const killAfter = 10 + Math.floor(Math.random() * 70);
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop()!;
          for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
          if (acked.length >= killAfter && child.exitCode === null) child.kill('SIGKILL');
        });
        child.on('exit', () => resolve());
      });
      const s = storeOpen({ dir });
      expect(s.notices).toEqual([]);
      expect(accountParse(s.data.account).ok).toBe(true);
      const ids = new Set(s.data.account.events.map((e) => e.id));
      for (const id of acked) expect(ids.has(id)).toBe(true);
      s.close();
    }
  }, 60_000);
});

describe('store migrations', () => {
  it('lays out a new store and records the app version it was migrated to', () => {
    const dir = tmp();
    storeOpen({ dir }).close();
    const stored = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'));
    expect(stored.account).toEqual({ format: 'credit-companion/account@1', events: [] });
    expect(stored.__internal__.migrations.version).toBe(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version);
  });
});
