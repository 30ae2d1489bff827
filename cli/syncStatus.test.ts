/**
 * `sync-status --data DIR [--json]`: a workspace's team sync read from its folder, read-only. A folder never linked
 * says so; a linked one counts the ops in flight and the changes its data holds that the team's does not, and the
 * conflicts its fold keeps; a damaged sync.json is one line and exit 1, the file left as it is.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncStateSave } from '../backend/sync/state.ts';
import { syncStateNew } from '../shared/formats/syncState.ts';
import { entriesDiff, entriesOf } from '../shared/sync/entries.ts';
import { mergeFold, type MergeOp } from '../shared/sync/merge.ts';
import { run } from './main.ts';

const sub = { type: 'subscribe', date: '2026-01-01', plan: 'pro', credits: 2000, id: 'sub' };
const usage = (id: string, minutes = 1) => ({ type: 'usage', date: '2026-01-02', feature: 'avatar-iv', minutes, id });
const WORKSPACE = '0193b4a0-0000-7000-8000-000000000001';
const link = { server: 'postgresql://alice@db.example:5432/cc', workspace: WORKSPACE, name: 'Studio', device: 'laptop', member: 'Alice' };

/** A workspace folder holding `events`, linked to a team whose fold holds `team` (each event one op: ids …001, …002 in order) and `extra` ops, with `inflight` adds of its own on their way. */
function linked(events: object[], team: object[], extra: MergeOp[] = [], inflight = 0): string {
  const made = Array.from({ length: inflight }, (_, i) => ({ id: `01939a00-0000-7000-9000-${String(i).padStart(12, '0')}`, workspace: WORKSPACE, eventId: `x${i}`, kind: 'add' as const, member: 'Alice', device: 'laptop', base: null, body: usage(`x${i}`) }));
  const dir = mkdtempSync(join(tmpdir(), 'cc-sync-status-'));
  // What is in flight is the device's own: its data holds it.
  writeFileSync(join(dir, 'account.json'), JSON.stringify({ account: { format: 'credit-companion/account@1', events: [...events, ...made.map((o) => o.body)] }, projects: [], settings: {}, journalSeq: 0 }));
  let n = 0;
  const ops = entriesDiff(entriesOf({ account: { format: 'credit-companion/account@1', events: team } as never, projects: [] }), mergeFold([])).map((c): MergeOp => ({ ...c, id: `01939a00-0000-7000-8000-${String(++n).padStart(12, '0')}`, member: 'Bo', device: 'desktop' }));
  const fold = mergeFold([...ops, ...extra]);
  syncStateSave(dir, { ...syncStateNew(link, 0), joined: true, seq: ops.length, fold, inflight: made, lastSyncAt: "2026-12-06T03:00:00.000Z" }, null);
  return dir;
}

const json = (dir: string) => {
  const r = run(['sync-status', '--data', dir, '--json']);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

describe('sync-status', () => {
  it('a folder never linked: not linked, nothing waiting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-sync-status-'));
    writeFileSync(join(dir, 'account.json'), JSON.stringify({ account: { format: 'credit-companion/account@1', events: [sub] }, projects: [], settings: {}, journalSeq: 0 }));
    expect(json(dir)).toEqual({ linked: false, workspace: null, pending: 0, conflicts: 0, lastSyncAt: null, server: null });
    expect(run(['sync-status', '--data', dir]).stdout).toBe('This workspace is not linked to a team’s server.');
  });

  it('linked and in step with the team: its name, nothing waiting, no conflict, the last sync', () => {
    expect(json(linked([sub, usage('a')], [sub, usage('a')]))).toEqual({ linked: true, workspace: 'Studio', pending: 0, conflicts: 0, lastSyncAt: '2026-12-06T03:00:00.000Z', server: link.server });
  });

  const cases: readonly [string, object[], number][] = [
    ['a usage added', [sub, usage('a'), usage('b')], 1],
    ['a usage changed and one deleted', [sub, usage('b', 5)], 2],
  ];
  it.each(cases)('changes waiting: %s, and the ops in flight', (_, events, changes) => {
    expect(json(linked(events, [sub, usage('a'), usage('b')].slice(0, changes === 1 ? 2 : 3), [], 2))).toMatchObject({ pending: changes + 2 });
  });

  it('a conflict the fold keeps is counted, and said in words', () => {
    const base = '01939a00-0000-7000-8000-000000000002';
    const both = (id: string, minutes: number): MergeOp => ({ id, eventId: 'a', kind: 'replace', base, body: usage('a', minutes), member: 'Bo', device: 'desktop' });
    const conflicted = linked([sub, usage('a', 9)], [sub, usage('a')], [both('01939a00-0000-7000-a000-000000000001', 5), both('01939a00-0000-7000-a000-000000000002', 9)]);
    expect(json(conflicted)).toMatchObject({ pending: 0, conflicts: 1 });
    expect(run(['sync-status', '--data', conflicted]).stdout).toBe(['Linked to “Studio” on postgresql://alice@db.example:5432/cc.', 'Last synced at 2026-12-06T03:00:00.000Z.', 'No change waiting.', '1 conflict to settle (History shows both versions).'].join('\n'));
  });

  it('a damaged sync.json: one line, exit 1, the file left as it is', () => {
    const dir = linked([sub], [sub]);
    writeFileSync(join(dir, 'sync.json'), '{"format":"credit-companion/sync@1"');
    const r = run(['sync-status', '--data', dir, '--json']);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/sync\.json: it is not valid JSON .*; the app keeps it aside when it next opens the workspace, and the workspace is then no longer linked$/);
    expect(readFileSync(join(dir, 'sync.json'), 'utf8')).toBe('{"format":"credit-companion/sync@1"');
  });

  it('bad arguments: exit 2', () => {
    expect(run(['sync-status'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--data DIR is required') });
    expect(run(['sync-status', '--data', mkdtempSync(join(tmpdir(), 'cc-')), '--at', '2026-01-01'])).toMatchObject({ code: 2, stderr: '--at: not an option of sync-status' });
  });
});
