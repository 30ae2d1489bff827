/**
 * The dashboard's view on a date from a snapshot's head, with the settings the snapshot keeps beside the account (the
 * forecast's horizon, the budget): what the app's overview and tray read of a workspace whose service is not open,
 * and what `overview --data` reads before it reads a folder whole. Null when the settings do not read as the
 * settings' schema takes them, or an event is dated after `at`.
 */
import { settingsSchema, type Settings } from './api.ts';
import type { SnapshotTip } from './engine/snapshot.ts';
import type { IsoDate } from './units.ts';
import { snapshotViewOf, type AccountView } from './view.ts';

export function tipView(tip: SnapshotTip, at: IsoDate): { readonly view: AccountView; readonly settings: Settings } | null {
  const settings = settingsSchema.safeParse((tip.beside as { settings?: unknown } | null)?.settings);
  if (!settings.success) return null;
  const view = snapshotViewOf(tip, at, settings.data.forecastMonths, settings.data.monthlyBudget);
  return view === null ? null : { view, settings: settings.data };
}
