/** The app's preferences in a real folder, through conf (the store electron-store is made on). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import { NOTIFIED_FILE, PREFS_DEFAULTS, PREFS_FILE, prefsOpen, WINDOW_STATE_FILE, type PrefsMake } from './prefs.ts';

const conf: PrefsMake = (options) => new Conf(options);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'cc-prefs-'));
  dirs.push(d);
  return d;
}
const place = { bounds: { x: 10, y: 20, width: 1300, height: 900 }, maximized: false };

describe('the app’s preferences', () => {
  it('start from their defaults in a file only the user reads, and keep what is set', () => {
    const dir = folder();
    const log: string[] = [];
    const prefs = prefsOpen(conf, dir, (m) => log.push(m));
    expect([prefs.get('window'), prefs.get('notified')]).toEqual([null, []]);
    prefs.set('window', place);
    prefs.set('notified', ['expiry:2026-03-17']);
    prefs.set('workspaces', [{ id: 'first', name: 'Me', archived: false }]);
    expect(JSON.parse(readFileSync(join(dir, PREFS_FILE), 'utf8'))).toEqual({ window: place, notified: ['expiry:2026-03-17'], carriedOver: true, workspaces: [{ id: 'first', name: 'Me', archived: false }], lastWorkspace: null });
    expect(statSync(join(dir, PREFS_FILE)).mode & 0o777).toBe(0o600);
    expect(prefsOpen(conf, dir, (m) => log.push(m)).get('window')).toEqual(place);
    expect(log).toEqual([]);
  });

  it('refuse a value of the wrong shape, naming the field and the rule, and keep the file as it was', () => {
    const dir = folder();
    const prefs = prefsOpen(conf, dir, () => {});
    prefs.set('window', place);
    const before = readFileSync(join(dir, PREFS_FILE), 'utf8');
    expect(() => prefs.set('window', { ...place, bounds: { ...place.bounds, width: 10 } })).toThrow(/window\/bounds\/width.* must be >= 640/);
    expect(() => prefs.set('notified', ['x'.repeat(101)])).toThrow(/notified\/0.* must NOT have more than 100 characters/);
    expect(readFileSync(join(dir, PREFS_FILE), 'utf8')).toBe(before);
  });

  it.each([
    ['broken JSON', '{"window": '],
    ['a field of the wrong type', '{"window": 5, "notified": [], "carriedOver": true}'],
    ['a field it does not know', '{"window": null, "notified": [], "carriedOver": true, "theme": "dark"}'],
  ])('a file with %s is kept aside, said once, and the defaults taken', (_, text) => {
    const dir = folder();
    writeFileSync(join(dir, PREFS_FILE), text);
    const log: string[] = [];
    const prefs = prefsOpen(conf, dir, (m) => log.push(m), () => new Date('2026-12-05T10:42:00.000Z'));
    expect(prefs.get('window')).toBeNull();
    expect(readFileSync(join(dir, `${PREFS_FILE}.damaged-2026-12-05T10-42-00-000Z`), 'utf8')).toBe(text);
    expect(log).toEqual([expect.stringMatching(/^the preferences in .*preferences\.json could not be read \(.+\); kept aside as .*preferences\.json\.damaged-2026-12-05T10-42-00-000Z, the defaults taken$/)]);
    expect(JSON.parse(readFileSync(join(dir, PREFS_FILE), 'utf8'))).toEqual({ ...PREFS_DEFAULTS, carriedOver: true });
  });

  it('carry over the files of earlier versions once, each only when it reads, then remove them', () => {
    const dir = folder();
    writeFileSync(join(dir, WINDOW_STATE_FILE), JSON.stringify(place));
    writeFileSync(join(dir, NOTIFIED_FILE), '{"shown": [1, 2]');
    const prefs = prefsOpen(conf, dir, () => {});
    expect([prefs.get('window'), prefs.get('notified')]).toEqual([place, []]);
    expect(readdirSync(dir)).toEqual([PREFS_FILE]);
    // Put back by hand: not read again.
    writeFileSync(join(dir, WINDOW_STATE_FILE), JSON.stringify({ ...place, maximized: true }));
    expect(prefsOpen(conf, dir, () => {}).get('window')).toEqual(place);
  });
});

describe('preferences that cannot be written', () => {
  it('are kept in memory for the run, checked all the same, and said once', () => {
    const dir = folder();
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, '');
    const log: string[] = [];
    const prefs = prefsOpen(conf, file, (m) => log.push(m));
    prefs.set('window', place);
    expect(prefs.get('window')).toEqual(place);
    expect(() => prefs.set('notified', ['x'.repeat(101)])).toThrow();
    expect(log).toEqual([expect.stringMatching(/^the preferences in .*not-a-folder\/preferences\.json could not be opened \(.+\); this run keeps them in memory$/)]);
  });
});
