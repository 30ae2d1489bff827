/**
 * The app's own preferences: small settings of the app itself, not of the
 * account (that stays in the journaled store): the window's place, the
 * warnings already shown, the workspaces' list and the one open last. One
 * file, `preferences.json` in the data folder,
 * kept by `conf`, the store `electron-store` is made on: the desktop app opens
 * it with electron-store, anything else with conf itself, with the same
 * options. Its shape is a zod schema, given to conf as JSON Schema so that a
 * value of the wrong shape is never written; its defaults are the schema's.
 * A file that does not read (damaged, or of the wrong shape) is kept aside
 * and said in the log, and the defaults taken. The files that held these
 * before (`window-state.json`, `notified.json`) are carried over once, then
 * removed.
 */
import { existsSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from 'conf';
import { z } from 'zod';
import { PREFS_FILE, workspaceId, workspaceListSchema } from '../shared/workspaces.ts';

export const PREFS_NAME = 'preferences';
export { PREFS_FILE };
/** The files the preferences were kept in before: carried over once. */
export const WINDOW_STATE_FILE = 'window-state.json';
export const NOTIFIED_FILE = 'notified.json';

export const windowSavedSchema = z.object({
  bounds: z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(640), height: z.number().int().min(480) }),
  maximized: z.boolean(),
});
export type WindowSaved = z.infer<typeof windowSavedSchema>;

const prefsSchema = z.object({
  /** The window's place when it last closed; null: never closed yet (centred). */
  window: windowSavedSchema.nullable(),
  /** The warnings already shown, by kind and date ("expiry:2026-03-17"): each is shown once. */
  notified: z.array(z.string().max(100)).max(1000),
  /** The files of the earlier versions were read (or there were none). */
  carriedOver: z.boolean(),
  /** The workspaces' names, order and archived marks (shared/workspaces.ts); null: never listed (a folder of an earlier version). */
  workspaces: workspaceListSchema.nullable(),
  /** The workspace open last; null: the first. */
  lastWorkspace: workspaceId.nullable(),
});
export type Prefs = z.infer<typeof prefsSchema>;

export const PREFS_DEFAULTS: Prefs = { window: null, notified: [], carriedOver: false, workspaces: null, lastWorkspace: null };

/** What the app takes of a conf (or electron-store) instance. */
export interface PrefsStore {
  get<K extends keyof Prefs>(key: K): Prefs[K];
  set<K extends keyof Prefs>(key: K, value: Prefs[K]): void;
  readonly path: string;
}

/** Make the store from conf's options: `new Conf(options)`, or `new ElectronStore(options)` in the desktop app. */
export type PrefsMake = (options: Options<Prefs>) => PrefsStore;

/** Each key's JSON Schema for conf (its validator takes no `$schema` but at the root). */
function confSchema(): NonNullable<Options<Prefs>['schema']> {
  const properties = Object.fromEntries(
    Object.entries(prefsSchema.shape).map(([key, schema]) => {
      const { $schema: _, ...json } = z.toJSONSchema(schema) as Record<string, unknown>;
      return [key, json];
    }),
  );
  return properties as NonNullable<Options<Prefs>['schema']>;
}

function prefsOptions(dir: string): Options<Prefs> {
  return {
    cwd: dir,
    configName: PREFS_NAME,
    schema: confSchema(),
    rootSchema: { additionalProperties: false },
    defaults: PREFS_DEFAULTS,
    clearInvalidConfig: false,
    configFileMode: 0o600,
    serialize: (value) => `${JSON.stringify(value, null, 2)}\n`,
  };
}

/** A file of the earlier versions, read with its schema; null when absent, or damaged (nothing to carry over). */
function oldFile<T>(path: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The window's place and the warnings shown, from the files the earlier versions kept them in; those files then go. */
function carryOver(store: PrefsStore, dir: string, log: (message: string) => void): void {
  const windowPath = join(dir, WINDOW_STATE_FILE);
  const notifiedPath = join(dir, NOTIFIED_FILE);
  const window = oldFile(windowPath, windowSavedSchema);
  const notified = oldFile(notifiedPath, z.object({ shown: prefsSchema.shape.notified }));
  if (window) store.set('window', window);
  if (notified) store.set('notified', notified.shown);
  store.set('carriedOver', true);
  for (const path of [windowPath, notifiedPath]) {
    try {
      if (existsSync(path)) unlinkSync(path);
    } catch (e) {
      log(`${path} was carried over into ${PREFS_FILE} but could not be removed: ${String(e)}`);
    }
  }
}

/** Preferences kept for this run only, when their file cannot be written at all. */
function prefsInMemory(path: string): PrefsStore {
  const values: Prefs = { ...PREFS_DEFAULTS, carriedOver: true };
  return {
    get: (key) => values[key],
    set(key, value) {
      values[key] = prefsSchema.shape[key].parse(value) as never;
    },
    path,
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The preferences in `dir`. A file that does not read is renamed `preferences.json.damaged-<time>` beside it and
 * said in the log; the defaults are taken (nothing of the account is in it). When even that fails (a folder that
 * cannot be written), this run keeps them in memory, and says so.
 */
export function prefsOpen(make: PrefsMake, dir: string, log: (message: string) => void, now: () => Date = () => new Date()): PrefsStore {
  const options = prefsOptions(dir);
  const path = join(dir, PREFS_FILE);
  let store: PrefsStore;
  try {
    store = make(options);
  } catch (e) {
    const aside = `${path}.damaged-${now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(path, aside);
      log(`the preferences in ${path} could not be read (${messageOf(e)}); kept aside as ${aside}, the defaults taken`);
      store = make(options);
    } catch (again) {
      log(`the preferences in ${path} could not be opened (${messageOf(again)}); this run keeps them in memory`);
      return prefsInMemory(path);
    }
  }
  if (!store.get('carriedOver')) carryOver(store, dir, log);
  return store;
}
