/**
 * `overview --data DIR`, the whole command (./overview.ts answers from the snapshots' heads alone when it can): each
 * workspace's view from its snapshot's head when that answers, else from its folder read whole. A workspace that
 * cannot be read is said and left out; the others are still listed.
 */
import { join } from 'node:path';
import { overviewRow, type OverviewRow } from '../shared/overview.ts';
import type { IsoDate } from '../shared/units.ts';
import { tipView } from '../shared/tipView.ts';
import { accountView, type AccountView } from '../shared/view.ts';
import { FIRST_NAME, FIRST_WORKSPACE, workspaceDir } from '../shared/workspaces.ts';
import { dataFolderRead, journalAdds } from './dataFolder.ts';
import { dataFolderTip } from './dataFolderTip.ts';
import type { Output } from './output.ts';
import { overviewPrinted } from './overview.ts';
import { workspacesOf } from './workspaces.ts';

type ViewRead = { readonly ok: true; readonly view: AccountView; readonly warnings: readonly string[] } | { readonly ok: false; readonly error: string };

/** The dashboard's view on `at` of the account in `dir`, with its settings' horizon and budget, as the app draws it. */
export function folderView(dir: string, at: IsoDate): ViewRead {
  const found = dataFolderTip(dir, journalAdds);
  const fast = found === null ? null : tipView(found, at);
  if (fast !== null) return { ok: true, view: fast.view, warnings: [] };
  const read = dataFolderRead(dir);
  if (!read.ok) return read;
  const view = accountView(read.account, at, read.settings.forecastMonths, read.settings.monthlyBudget);
  return view.ok ? { ok: true, view: view.value, warnings: read.warnings } : { ok: false, error: `${join(dir, 'account.json')}: ${view.error.message}` };
}

/** The overview of the data folder `dataDir` on `at`; exit 2 when none of its workspaces reads (as `balance --data` on it). */
export function overviewOutput(dataDir: string, at: IsoDate, json: boolean): Output {
  // A folder that cannot be listed is read as the first workspace's: its read says why.
  const list = (workspacesOf(dataDir) ?? [{ id: FIRST_WORKSPACE, name: FIRST_NAME, archived: false }]).filter((w) => !w.archived);
  const rows: OverviewRow[] = [];
  const said: string[] = [];
  for (const w of list) {
    const dir = workspaceDir(dataDir, w.id);
    const found = folderView(dir, at);
    // As the app's Overview: a workspace with nothing recorded yet has no row.
    const read: ViewRead = found.ok && found.view.eventCount === 0 ? { ok: false, error: 'nothing recorded yet' } : found;
    if (read.ok) {
      rows.push(overviewRow(w.id, w.name, read.view));
      said.push(...read.warnings);
    } else said.push(list.length === 1 ? read.error : `workspace “${w.name}” (${dir}) left out: ${read.error}`);
  }
  if (rows.length === 0 && list.length > 0) return { code: 2, stdout: '', stderr: said.join('\n') };
  return overviewPrinted(dataDir, at, rows, json, said.join('\n'));
}
