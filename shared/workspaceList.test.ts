import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workspaceListPlain, workspacesInPlain } from './workspaceList.ts';
import { workspaceListSchema, workspacesIn } from './workspaces.ts';

/** Entries near the rules' edges: ids and names that pass, fail, or pass only once trimmed; extra keys, wrong types. */
const entry = fc.record(
  {
    id: fc.oneof(fc.constantFrom('first', 'client-b', 'a', '-a', 'a-', 'A', 'x'.repeat(48), 'x'.repeat(49), 'has space', ''), fc.string(), fc.integer()),
    name: fc.oneof(fc.constantFrom('Client B', ' padded ', '', ' ', 'x'.repeat(64), 'x'.repeat(65), ' '.concat('x'.repeat(64)), 'tab\there', 'del\u007f', 'é ü'), fc.string({ maxLength: 70 }), fc.constant(null)),
    archived: fc.oneof(fc.boolean(), fc.constant('false'), fc.constant(0)),
    extra: fc.constant(1),
  },
  { requiredKeys: [] },
);

describe('the list read without its schema', () => {
  it('takes only what the schema takes, equal; anything else is left to the schema', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(entry, { maxLength: 4 }), fc.array(fc.constant({ id: 'a', name: 'A', archived: false }), { minLength: 99, maxLength: 102 }), fc.jsonValue()), (value) => {
        const plain = workspaceListPlain(value);
        if (plain === null) return;
        const parsed = workspaceListSchema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(plain);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes every list the app writes', () => {
    const written = fc.array(fc.record({ id: fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/), name: fc.string({ minLength: 1, maxLength: 64 }).filter((n) => workspaceListSchema.safeParse([{ id: 'a', name: n, archived: false }]).data?.[0]?.name === n), archived: fc.boolean() }), { maxLength: 100 });
    fc.assert(
      fc.property(written, (list) => {
        expect(workspaceListPlain(list)).toEqual(list);
      }),
    );
  });

  it('a data folder’s workspaces as workspacesIn lists them, or null where only the schema can tell (a name to trim)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-wslist-'));
    writeFileSync(join(dir, 'account.json'), '{}');
    mkdirSync(join(dir, 'workspaces', 'b'), { recursive: true });
    mkdirSync(join(dir, 'workspaces', 'c'), { recursive: true });
    expect(workspacesInPlain(fs, dir)).toEqual(workspacesIn(fs, dir));
    const prefs = (workspaces: unknown) => writeFileSync(join(dir, 'preferences.json'), JSON.stringify({ window: null, workspaces }));
    prefs([
      { id: 'c', name: 'Client C', archived: true },
      { id: 'first', name: 'Me', archived: false },
    ]);
    expect(workspacesInPlain(fs, dir)).toEqual(workspacesIn(fs, dir));
    expect(workspacesIn(fs, dir).map((w) => w.name)).toEqual(['Client C', 'Me', 'b']);
    prefs([{ id: 'c', name: ' Client C ', archived: false }]);
    expect(workspacesInPlain(fs, dir)).toBeNull();
    prefs('not a list');
    expect(workspacesInPlain(fs, dir)).toBeNull();
    writeFileSync(join(dir, 'preferences.json'), '{ damaged');
    expect(workspacesInPlain(fs, dir)).toEqual(workspacesIn(fs, dir));
  });
});
