/**
 * The account as a whole: set up or replaced, imported from a file (previewed first) or exported to one, the demo
 * opened, reset, and the backups the data folder keeps listed and restored. Each is one change Undo takes back
 * once the user confirms it.
 */
import type { AccountSummary, BackupSummary } from '../../shared/api.ts';
import { demoAccount } from '../../shared/demo.ts';
import { replayBuild, type Replay } from '../../shared/engine/incremental.ts';
import { replayOrder } from '../../shared/engine/replay.ts';
import { planLabel } from '../../shared/engine/subscription.ts';
import { ExpectedError, reject } from '../../shared/errors.ts';
import { accountEmpty, type Account } from '../../shared/formats/account.ts';
import { jsonRead } from '../../shared/formats/json.ts';
import type { Project } from '../../shared/formats/project.ts';
import { checkedReplay } from '../../shared/store.ts';
import type { IsoDate } from '../../shared/units.ts';
import { mutator, undoable, type Handlers, type Input, type Outcome } from './handlers.ts';
import { cacheKey, replayLedger, sessionAccountParse, sessionCheck, sessionKept, sessionReplay, type Edit, type Session } from './session.ts';

/** The account replaced by `account`; `whole`: as a whole (a setup), not only its prices. */
export function accountEdit(s: Session, account: Account, label: string, whole: boolean, next: Replay = sessionCheck(s, account)): Outcome<Record<never, never>> {
  return { edit: { op: { op: 'set', data: { account } }, label, next, whole } };
}

/** A new account with the projects planned against it, as one change of the account as a whole (each project with an id of its own). */
function accountAndProjectsEdit(s: Session, account: Account, projects: readonly Project[], label: string, next: Replay = sessionCheck(s, account)): Outcome<Record<never, never>> {
  const ids = new Set<string>();
  const saved = projects.map((p): Project => {
    const id = p.id === undefined || ids.has(p.id) ? s.newId() : p.id;
    ids.add(id);
    return { ...p, id };
  });
  saved.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { edit: { op: { op: 'set', data: { account, projects: saved } }, label, next, whole: true } };
}

/** An account file's account and its projects (an export from the app lists them). */
function accountFileRead(s: Session, text: string): { account: Account; projects: Project[] | undefined; replay: Replay } {
  // accountParse checks the depth as it reads the value.
  const json = jsonRead(text);
  if (!json.ok) throw new ExpectedError(json.error);
  const { projects, ...account } = sessionAccountParse(s, json.value);
  return { account, projects, replay: replayBuild(account) };
}

function accountSummary(r: Replay, projects: number): AccountSummary {
  const events = r.account.events;
  const first = r.order[0];
  const last = r.order.at(-1);
  const plan = r.tip.sub ? planLabel(r.tip.sub.choice) : null;
  return { events: events.length, usages: r.usages, from: first === undefined ? null : events[first]!.date, to: last === undefined ? null : events[last]!.date, plan, projects };
}

function accountReplace(s: Session, { account }: Input<'account-replace'>) {
  const { projects, ...parsed } = sessionAccountParse(s, account);
  const next = sessionCheck(s, parsed);
  // An empty account given one is an account set up (the welcome screen's form): its change is named so, with its plan.
  const setUp = s.data.account.events.length === 0 ? `Set up the account on ${next.tip.sub ? planLabel(next.tip.sub.choice) : 'Free'}` : null;
  if (projects === undefined) return accountEdit(s, parsed, setUp ?? 'Replaced the account', true, next);
  return accountAndProjectsEdit(s, parsed, projects, setUp ? `${setUp}, with its projects` : 'Replaced the account and its projects', next);
}

function accountImportPreview(s: Session, { text }: Input<'account-import-preview'>) {
  const file = accountFileRead(s, text);
  return { current: accountSummary(sessionReplay(s), s.data.projects.length), file: accountSummary(file.replay, file.projects?.length ?? 0), fileHasProjects: file.projects !== undefined };
}

function accountImport(s: Session, { text, projects: keep }: Input<'account-import'>) {
  const file = accountFileRead(s, text);
  return accountAndProjectsEdit(s, file.account, keep === 'current' ? s.data.projects : (file.projects ?? []), 'Imported an account', file.replay);
}

/** The whole account in date order (same-day events keep their order), its planned projects included, so that an export is everything a reset deletes. */
function accountExport(s: Session) {
  const account = s.data.account;
  const sorted = { ...account, events: replayOrder(account.events).map((i) => account.events[i]!) };
  return { text: `${JSON.stringify({ ...sorted, projects: s.data.projects }, null, 2)}\n`, fileName: `credit-companion-account-${s.today()}.json` };
}

function accountDemo(s: Session): Outcome<Record<never, never>> {
  if (s.data.account.events.length > 0) reject('conflict', '', 'the demo replaces an empty account only: reset the account first');
  const demo = demoAccount(s.today());
  return { edit: { op: { op: 'set', data: { account: demo.account, projects: demo.projects } }, label: 'Opened the demo account', whole: true } };
}

function accountReset(): Outcome<Record<never, never>> {
  const edit: Edit = { op: { op: 'set', data: { account: accountEmpty(), projects: [] } }, label: 'Reset the account', whole: true };
  return { edit };
}

/** What each backup holds and its balance on a day, read once per file and day (a backup does not change once written). */
const BACKUPS_SEEN = cacheKey<Map<string, { readonly at: IsoDate; readonly summary: Omit<BackupSummary, 'name' | 'time' | 'revision'> }>>('backups seen');

function backupList(s: Session) {
  const at = s.today();
  const files = s.store.backups();
  const seen = sessionKept(s, BACKUPS_SEEN, () => new Map());
  for (const name of seen.keys()) if (!files.some((f) => f.name === name)) seen.delete(name);
  return {
    backups: files.map((file): BackupSummary => {
      let one = seen.get(file.name);
      if (one?.at !== at) {
        const kept = s.store.backupRead(file.name);
        const r = kept ? (checkedReplay(kept.account) ?? replayBuild(kept.account)) : null;
        one = { at, summary: { account: kept && r ? accountSummary(r, kept.projects.length) : null, balance: r && r.account.events.length > 0 ? replayLedger(r, at).balance : null } };
        seen.set(file.name, one);
      }
      return { ...file, ...one.summary };
    }),
  };
}

function backupRestore(s: Session, { name }: Input<'backup-restore'>) {
  const file = s.store.backups().find((f) => f.name === name);
  if (!file) reject('not-found', 'name', `no backup is called ${name}: choose one from the list`);
  const kept = s.store.backupRead(name);
  if (!kept) reject('invalid-file', 'name', `the backup ${name} no longer reads: choose another`);
  return accountAndProjectsEdit(s, kept.account, kept.projects, `Restored the backup of ${file.time.slice(0, 10)} ${file.time.slice(11, 16)} UTC`);
}

export const accountHandlers: Handlers<'account-replace' | 'account-import-preview' | 'account-import' | 'account-export' | 'account-demo' | 'account-reset' | 'backup-list' | 'backup-restore'> = {
  'account-replace': mutator(undoable(accountReplace)),
  'account-import-preview': accountImportPreview,
  'account-import': mutator(undoable(accountImport)),
  'account-export': accountExport,
  'account-demo': mutator(undoable(accountDemo)),
  'account-reset': mutator(undoable(accountReset)),
  'backup-list': backupList,
  'backup-restore': mutator(undoable(backupRestore)),
};
