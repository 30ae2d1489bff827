import { describe, expect, it } from 'vitest';
import { appStateOf, DEFAULT_SETTINGS, type AppState } from './api.ts';

const state: AppState = {
  view: null,
  firstRun: true,
  projects: [],
  settings: DEFAULT_SETTINGS,
  catalog: { proTiers: [], freeQuota: { videos: 3, maxMinutes: 3 }, rounding: 'none' },
  dataDir: '/data',
  notices: ['a notice'],
  readOnly: null,
  changes: { undo: null, redo: null },
  revision: 7,
};

describe('appStateOf', () => {
  it('keeps every field of the state a change replies with, and none of what the change adds beside it', () => {
    const reply = { ...state, added: 2, skipped: 0, ids: ['e1', 'e2'] };
    const kept = appStateOf(reply);
    expect(kept).toEqual(state);
    expect(Object.keys(kept).sort()).toEqual(Object.keys(state).sort());
  });
});
