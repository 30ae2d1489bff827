import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { FIRST_NAME, FIRST_WORKSPACE, nameTaken, workspaceDefault, workspaceDir, workspaceKeyed, workspaceEntrySchema, workspaceFind, workspaceIdFor, workspaceName, workspacesIn, workspacesOf, workspaceSegments, type WorkspaceEntry } from './workspaces.ts';

const w = (id: string, name = id, archived = false): WorkspaceEntry => ({ id, name, archived });

describe('the workspaces of a data folder', () => {
  it('a folder of an earlier version (its account in the folder itself, no list) is one workspace, the first', () => {
    expect(workspacesOf(null, { first: true, folders: [] })).toEqual([w(FIRST_WORKSPACE, FIRST_NAME)]);
  });

  it('a new folder has the first workspace, for its first run to write into', () => {
    expect(workspacesOf(null, { first: false, folders: [] })).toEqual([w(FIRST_WORKSPACE, FIRST_NAME)]);
    expect(workspacesOf([], { first: false, folders: [] })).toEqual([w(FIRST_WORKSPACE, FIRST_NAME)]);
  });

  it('keeps the list’s order, names and archived marks; drops a listed folder that is gone; lists a folder the list does not name', () => {
    const listed = [w('client-b', 'Client B', true), w(FIRST_WORKSPACE, 'Me'), w('gone', 'Gone')];
    expect(workspacesOf(listed, { first: true, folders: ['zeta', 'client-b', 'alpha'] })).toEqual([w('client-b', 'Client B', true), w(FIRST_WORKSPACE, 'Me'), w('alpha'), w('zeta')]);
  });

  it('a listed first workspace stays while its folder is empty (its first run not written yet); an unlisted empty one is not added beside others', () => {
    expect(workspacesOf([w(FIRST_WORKSPACE, 'Me'), w('b', 'B')], { first: false, folders: ['b'] })).toEqual([w(FIRST_WORKSPACE, 'Me'), w('b', 'B')]);
    expect(workspacesOf([w('b', 'B')], { first: false, folders: ['b'] })).toEqual([w('b', 'B')]);
  });

  it('a folder whose name is no id (or is the first’s) is not a workspace', () => {
    expect(workspacesOf(null, { first: false, folders: ['Has Space', '.hidden', FIRST_WORKSPACE, 'ok-1'] })).toEqual([w('ok-1')]);
  });

  it('the first one lives in the data folder itself, the others in workspaces/', () => {
    expect(workspaceSegments(FIRST_WORKSPACE)).toEqual([]);
    expect(workspaceSegments('client-b')).toEqual(['workspaces', 'client-b']);
  });
});

describe('naming and finding workspaces', () => {
  const list = [w(FIRST_WORKSPACE, 'Personal', true), w('client-b', 'Client B')];

  it('finds by name in any case with spaces around, else by id', () => {
    expect(workspaceFind(list, '  client b ')?.id).toBe('client-b');
    expect(workspaceFind(list, 'first')?.name).toBe('Personal');
    expect(workspaceFind(list, 'nobody')).toBeNull();
  });

  it('the default is the first not archived', () => {
    expect(workspaceDefault(list)?.id).toBe('client-b');
    expect(workspaceDefault([w('a', 'A', true)])?.id).toBe('a');
    expect(workspaceDefault([])).toBeNull();
  });

  it('a name another workspace has is refused, in any case; its own is not', () => {
    expect(nameTaken(list, 'CLIENT B')).toBe('name: another workspace is already called “Client B”');
    expect(nameTaken(list, 'client b', 'client-b')).toBeNull();
  });

  it('an id from the name, numbered when taken, never a reserved folder name', () => {
    const taken = new Set(['client-b', 'client-b-2']);
    expect(workspaceIdFor('Client B', (id) => taken.has(id))).toBe('client-b-3');
    expect(workspaceIdFor('Café Ünïcode!!', () => false)).toBe('cafe-unicode');
    expect(workspaceIdFor('日本', () => false)).toBe('workspace');
    expect(workspaceIdFor('First', () => false)).toBe('first-1');
    expect(workspaceIdFor('Deleted', () => false)).toBe('deleted-1');
    expect(workspaceIdFor('x'.repeat(100), () => false)).toHaveLength(40);
    expect(workspaceEntrySchema.shape.id.safeParse(workspaceIdFor('-- a --', () => false)).success).toBe(true);
  });

  it('a name is trimmed, 1 to 64 characters, without control characters', () => {
    expect(workspaceName.parse('  Client B ')).toBe('Client B');
    expect(workspaceName.safeParse('   ').error?.issues[0]?.message).toBe('must not be empty');
    expect(workspaceName.safeParse('x'.repeat(65)).error?.issues[0]?.message).toBe('must be at most 64 characters');
    expect(workspaceName.safeParse('a\nb').error?.issues[0]?.message).toBe('must not hold control characters');
  });
});

describe('a data folder read for its workspaces', () => {
  it('the list the preferences keep, and the folders beside; a damaged preferences file leaves the folders to say', () => {
    const dir = mkdtempSync(`${tmpdir()}/cc-ws-`);
    expect(workspacesIn(fs, dir)).toEqual([w(FIRST_WORKSPACE, FIRST_NAME)]);
    writeFileSync(`${dir}/account.json`, '{}');
    mkdirSync(`${dir}/workspaces/client-b`, { recursive: true });
    writeFileSync(`${dir}/workspaces/not-a-folder`, '');
    expect(workspacesIn(fs, dir)).toEqual([w(FIRST_WORKSPACE, FIRST_NAME), w('client-b')]);
    writeFileSync(`${dir}/preferences.json`, JSON.stringify({ workspaces: [w('client-b', 'Client B'), w(FIRST_WORKSPACE, 'Me', true)] }));
    expect(workspacesIn(fs, dir)).toEqual([w('client-b', 'Client B'), w(FIRST_WORKSPACE, 'Me', true)]);
    writeFileSync(`${dir}/preferences.json`, '{"workspaces": [{"id": "Bad Id"}]}');
    expect(workspacesIn(fs, dir)).toEqual([w(FIRST_WORKSPACE, FIRST_NAME), w('client-b')]);
    writeFileSync(`${dir}/preferences.json`, '{not json');
    expect(workspacesIn(fs, dir)).toEqual([w(FIRST_WORKSPACE, FIRST_NAME), w('client-b')]);
    expect(workspaceDir(dir, 'client-b')).toBe(`${dir}/workspaces/client-b`);
    expect(workspaceDir(dir, FIRST_WORKSPACE)).toBe(dir);
  });
});

describe('what a workspace keeps in a store the workspaces share', () => {
  it('the first’s (or one not known yet) under the key itself, as a single account kept it; another’s under its id', () => {
    expect(workspaceKeyed(FIRST_WORKSPACE, 'expiry:2026-03-17')).toBe('expiry:2026-03-17');
    expect(workspaceKeyed(undefined, 'usage-log')).toBe('usage-log');
    expect(workspaceKeyed('client-b', 'expiry:2026-03-17')).toBe('client-b/expiry:2026-03-17');
  });
});
