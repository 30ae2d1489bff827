/**
 * The contract between the renderer and the backend: one map of handler name
 * (`noun-verb`) to the schema of its input and the type of its output. The
 * backend validates every input with these schemas; the bridges (IPC in
 * Electron, HTTP in a browser) carry `{ name, input }` and return `ApiReply`.
 */
import { z } from 'zod';
import type { AccountChanges } from './engine/changes.ts';
import type { Comparison, HistoryComparison } from './engine/compare.ts';
import type { HistoryKind, HistoryRow } from './engine/history.ts';
import type { Pipeline, ProjectFit } from './engine/pipeline.ts';
import type { Charge, Note, RefusalReason } from './engine/state.ts';
import type { Quote } from './engine/quote.ts';
import type { Report } from './engine/report.ts';
import type { AppError } from './errors.ts';
import { accountEventSchema, freeQuotaSchema, proTierSchema, usageFields, type Account, type AccountEvent } from './formats/account.ts';
import { billing, centsAmount, eventId, featureId, isoDate, memberName, planId, USAGE_LIMITS, wholeNumber } from './formats/fields.ts';
import { workspaceName } from './workspaces.ts';
import type { Cents, Credits, IsoDate } from './units.ts';
import { checkMeasure } from './formats/measure.ts';
import { DATE_FORMATS, IMPORT_FIELDS, type ImportField } from './formats/importFields.ts';
import type { UnmatchedFeature } from './usageImport.ts';
import { projectSchema, type Project } from './formats/project.ts';
import type { UsageCsvRow } from './formats/usageCsv.ts';
import type { AccountView } from './view.ts';


/** Who made the usages to list: a member's name (whatever its case or spaces), or `''` for the usages that name nobody. */
const memberFilter = z.string().max(USAGE_LIMITS.by, { error: `must be at most ${USAGE_LIMITS.by} characters` }).optional();

/** Which usages to list: by project, feature, month (`YYYY-MM`) or member. */
const usageFilter = z.strictObject({
  project: z.string().max(200).optional(),
  by: memberFilter,
  feature: featureId.optional(),
  month: z.string().regex(/^\d{4}-\d{2}$/, { error: 'must be a month YYYY-MM' }).optional(),
});

/** One usage as the log shows it, with what it cost (or why it was refused). */
export interface UsageRow extends Omit<UsageCsvRow, 'refused'> {
  readonly id: string;
  /** Why the vendor would have refused it; null when it went through. */
  readonly refused: RefusalReason | null;
  /** Free videos it took on Free (it then cost no credits); 0 otherwise. */
  readonly freeVideos: number;
}

/** The cost of each plan at one credits-a-month level, for the comparison chart (cents a month; null where the plan does not cover it). */
export interface LadderPoint {
  readonly credits: number;
  readonly creator: Cents | null;
  readonly pro: Cents | null;
  readonly proEstimated: boolean;
  readonly business: Cents;
}

/** What recording an event would do, in the engine's words, before it is recorded. */
export interface EventPreview {
  readonly notes: readonly Note[];
  readonly charges: readonly Pick<Charge, 'date' | 'amount' | 'reason' | 'assumptions'>[];
  /** The balance on the event's date, before and after it. */
  readonly balanceBefore: Credits;
  readonly balanceAfter: Credits;
}

/** The stages of a long call (an import), in their order. */
export const WORK_STAGES = ['reading', 'checking', 'saving'] as const;

/** How far the service is through a long call: `done` of `total` in its `stage` (the rows read, the events replayed). */
export interface WorkProgress {
  readonly call: HandlerName;
  readonly stage: (typeof WORK_STAGES)[number];
  readonly done: number;
  readonly total: number;
}

/** A linked workspace's team sync: where it stands (`backend/sync/device.ts` says what each phase means). */
export const SYNC_PHASES = ['synced', 'offline', 'refused', 'failed', 'idle'] as const;
export type SyncPhaseName = (typeof SYNC_PHASES)[number];

/** One version of an event in a conflict: the event as it made it (null: it deleted it), its member, its device. */
export interface SyncVersion {
  /** The op that made it: `sync-keep` names it. */
  readonly op: string;
  readonly body: Readonly<Record<string, unknown>> | null;
  readonly member: string | null;
  readonly device: string;
}

/** Two changes of one event from the same version: the one that stands (the event as the account holds it) and the other. */
export interface SyncConflictView {
  readonly eventId: string;
  readonly standing: SyncVersion;
  readonly other: SyncVersion;
}

/** The team sync of the workspace shown, as a page shows it. */
export interface SyncView {
  readonly phase: SyncPhaseName;
  /** What to do (a refusal, the server's words): null when synced. */
  readonly message: string | null;
  /** When the phase began (ISO): "offline since 10:42". */
  readonly since: string;
  readonly lastSyncAt: string | null;
  /** The device's changes the server does not hold yet. */
  readonly pending: number;
  readonly conflicts: readonly SyncConflictView[];
  /** The team's changes being brought in, when more than a page of them (a first sync): how many so far, of how many. */
  readonly receiving: { readonly done: number; readonly total: number } | null;
  /** The server (its address without the password), the workspace's name there, and this device's id (a version made here says so). */
  readonly server: string;
  readonly workspace: string;
  readonly device: string;
}

/** What importing a spreadsheet of usages would add, before it is added. */
export interface UsageImportPreview {
  readonly header: readonly string[];
  /** Which column each field is read from (null: none). */
  readonly columns: Readonly<Record<ImportField, string | null>>;
  /** A page of the rows to add (from `offset`, up to `limit`: the first 200 by default), with what each costs. */
  readonly rows: readonly (Omit<UsageRow, 'id' | 'freeVideos'> & { readonly row: number })[];
  readonly added: number;
  /** Rows the vendor would have refused (not enough credits on their date): added, marked refused, costing nothing. */
  readonly refused: number;
  /** Rows already in the log, not added again. */
  readonly skipped: number;
  /** Every bad row (the first 100): nothing is imported while there is one. */
  readonly problems: readonly { readonly row: number; readonly column: string; readonly message: string }[];
  readonly problemCount: number;
  /** Feature names that match none on the rate card: map each once (`features`) and every row using it is read. */
  readonly unmatched: readonly UnmatchedFeature[];
  readonly credits: Credits;
  /** The balance today once they are added. */
  readonly balanceAfter: Credits | null;
  /** Rows with no date (a totals line), not read: their numbers. */
  readonly undatedRows: readonly number[];
  /** What the new rows change in what the account already holds: usages refused or costing otherwise, charges, expiries (null: nothing to add). */
  readonly changes: AccountChanges | null;
}

const accountFileText = z.string().max(512 * 1024 * 1024, { error: 'the file is larger than 512 MB' });

/** One account in a few words: how much it holds and what it is on. */
export interface AccountSummary {
  readonly events: number;
  readonly usages: number;
  /** The first and last event's dates; null for an empty account. */
  readonly from: IsoDate | null;
  readonly to: IsoDate | null;
  /** The plan on the last event's date ("Pro 2,000, monthly"); null with no plan. */
  readonly plan: string | null;
  readonly projects: number;
}

/** A backup the data folder keeps (`backups/`): when it was taken, the revision it holds, and its account. */
export interface BackupSummary {
  /** Its file name: what `backup-restore` takes. */
  readonly name: string;
  /** When it was taken (ISO time). */
  readonly time: string;
  /** The account's revision it holds: the revision now, when it holds the account as it is. */
  readonly revision: number;
  /** What it holds; null when it no longer reads (damaged since). */
  readonly account: AccountSummary | null;
  /** Its balance today, were it restored; null for an empty account or one that does not read. */
  readonly balance: Credits | null;
}

/** What importing an account file would do: the account it replaces and the one it brings. */
export interface AccountImportPreview {
  readonly current: AccountSummary;
  readonly file: AccountSummary;
  /** The file lists planned projects (an export from the app does, even when there are none). */
  readonly fileHasProjects: boolean;
}

/** One row of the History screen: what an event (or the calendar) did, with the event itself to edit. */
export interface LedgerRow extends HistoryRow {
  /** The event's id (null for the calendar's rows). */
  readonly id: string | null;
  readonly event: AccountEvent | null;
  /** The usage's project, to filter by. */
  readonly project: string | null;
  /** Who made the usage (`by`); null for every other row. */
  readonly by: string | null;
}

export const HISTORY_KINDS = ['subscribe', 'change-plan', 'pause', 'cancel', 'addon', 'seats', 'avatar-slots', 'auto-reload', 'balance-check', 'usage', 'calendar'] as const satisfies readonly HistoryKind[];

export interface LedgerList {
  /** Newest first. */
  readonly rows: readonly LedgerRow[];
  /** The account's revision the rows are of: an edit or delete of one of their events says it. */
  readonly revision: number;
  /** Rows matching the filter. */
  readonly total: number;
  /** Every month with a row (`YYYY-MM`), newest first, and every project and member a usage names. */
  readonly months: readonly string[];
  readonly projects: readonly string[];
  readonly members: readonly string[];
}

/** What changing or deleting an event would do, before it is saved: the balance on its date and today, the charges, expiries and other usages that change. */
export interface ChangePreview extends AccountChanges {
  readonly date: IsoDate;
  readonly today: IsoDate;
  readonly notes: readonly Note[];
  readonly balanceOnDate: { readonly before: Credits; readonly after: Credits };
  readonly balanceToday: { readonly before: Credits; readonly after: Credits };
}

/** How much an account holds. */
export interface AccountSize {
  readonly events: number;
  readonly projects: number;
}

/** One change in the undo history. */
export interface ChangeEntry {
  readonly id: number;
  /** What it did, in words: "Added a usage: Avatar IV / Avatar V, 2 min". */
  readonly label: string;
  /** When it was made (ISO time). */
  readonly at: string;
  /**
   * A change of the account as a whole (a setup, a reset, an account import, a backup restored), with how much
   * the account held before and after it: undoing or redoing it replaces the account, so the user is asked first
   * (`history-undo` and `history-redo` refuse it without `confirm`).
   */
  readonly whole?: { readonly before: AccountSize; readonly after: AccountSize };
}

export interface ChangeHistory {
  /** Newest first: what Undo and Redo would do next come first. */
  readonly undo: readonly ChangeEntry[];
  readonly redo: readonly ChangeEntry[];
}

const usageImportInput = z.strictObject({
  text: z.string().max(32 * 1024 * 1024, { error: 'the file is larger than 32 MB' }),
  /** Which column holds each field (`''`: none); the rest are guessed. */
  map: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().max(200)).optional(),
  dateFormat: z.enum(DATE_FORMATS).optional(),
  /** Feature names the file writes its own way → the rate-card feature each means. */
  features: z.record(z.string().max(200), featureId).refine((m) => Object.keys(m).length <= 1000, { error: 'must map at most 1,000 feature names' }).optional(),
  /** Rows not to import, as the spreadsheet numbers them (the header is row 1). */
  skip: z.array(wholeNumber(2, 100_000_000)).max(100_000, { error: 'must skip at most 100,000 rows' }).optional(),
});

export interface UsageList {
  readonly rows: readonly UsageRow[];
  /** The account's revision the rows are of: an edit or delete of one of them says it. */
  readonly revision: number;
  /** Rows matching the filter, and their credits (refused ones excluded). */
  readonly total: number;
  readonly totalCredits: Credits;
  /** Free videos those rows took on Free. */
  readonly totalFreeVideos: number;
  readonly months: readonly string[];
}

export const settingsSchema = z.strictObject({
  /** Days before an expiry to notify (0: off). */
  notifyExpiryDays: wholeNumber(0, 60),
  notifyRunOut: z.boolean(),
  theme: z.enum(['system', 'light', 'dark'], { error: 'must be system, light or dark' }),
  /** Forecast horizon, months. */
  forecastMonths: wholeNumber(1, 24),
  /** The most the creator means to spend in a month, in cents; null: no budget. */
  monthlyBudget: centsAmount(100_000_000).nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = { notifyExpiryDays: 7, notifyRunOut: true, theme: 'system', forecastMonths: 3, monthlyBudget: null };

/** What `state-get` and every change return: the account's view, its projects and the settings. */
export interface AppState {
  readonly view: AccountView | null;
  /** The account has no events yet: the app shows its first-run screen. */
  readonly firstRun: boolean;
  readonly projects: readonly Project[];
  readonly settings: Settings;
  readonly catalog: Pick<Account, 'proTiers' | 'freeQuota' | 'rounding'>;
  /** The folder that holds the account, its journal and backups. */
  readonly dataDir: string;
  /** Something the user must be told once (a store recovered from a backup, …). */
  readonly notices: readonly string[];
  /** Why nothing can be saved from this window (another process holds the data folder, it cannot be written, a newer version wrote it); null when changes are saved. */
  readonly readOnly: string | null;
  /** The change Undo and Redo would act on next (null: none). */
  readonly changes: { readonly undo: ChangeEntry | null; readonly redo: ChangeEntry | null };
  /** The account's revision: one more with every committed change (undo and redo included), kept across restarts. A window showing an older one is out of date. */
  readonly revision: number;
  /**
   * Drawn from the account's snapshot while the account itself is still being read (a large one, at start): all of
   * it is the account's but the undo history and the notices, which it has none of yet. A window asks again.
   */
  readonly opening?: true;
  /** The workspace this is the state of (the workspace hub says it; a service alone does not). */
  readonly workspace?: string;
}

/** The app state a change's reply carries, without what the change adds beside it (an import's ids, an undo's entry): what is kept of it. */
export function appStateOf({ view, firstRun, projects, settings, catalog, dataDir, notices, readOnly, changes, revision, opening, workspace }: AppState): AppState {
  return { view, firstRun, projects, settings, catalog, dataDir, notices, readOnly, changes, revision, ...(opening ? { opening } : {}), ...(workspace === undefined ? {} : { workspace }) };
}

/**
 * What a save of a whole object (a project, the settings, the price list, an event) may carry: the revision it was
 * edited from. When that object changed since (in another window), the save is refused as a `conflict`, unless
 * `force` (the user chose to overwrite).
 */
const staleCheck = {
  revision: wholeNumber(0, Number.MAX_SAFE_INTEGER).optional(),
  force: z.boolean().optional(),
};

/** A whole change undone or redone: the user was asked, and said yes. */
const confirmed = { confirm: z.literal(true, { error: 'must be true: the user confirmed it' }).optional() };

/** A backup's file name, as `backup-list` gives it (a name, never a path). */
const backupName = z.string().regex(/^account-(\d{12}-)?\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/, { error: 'must be the name of a backup the list gives' });

export const api = {
  'state-get': { input: z.strictObject({ at: isoDate.optional() }) },
  'usage-add': { input: z.strictObject({ date: isoDate, ...usageFields }).superRefine(checkMeasure) },
  'usage-edit': { input: z.strictObject({ id: eventId, date: isoDate, ...usageFields, ...staleCheck }).superRefine(checkMeasure) },
  'usage-list': { input: usageFilter.extend({ offset: wholeNumber(0, 100_000_000).optional(), limit: wholeNumber(1, 1000).optional() }) },
  'usage-csv': { input: usageFilter },
  'event-add': { input: z.strictObject({ event: accountEventSchema }) },
  'event-preview': { input: z.strictObject({ event: accountEventSchema }) },
  'event-delete': { input: z.strictObject({ id: eventId, ...staleCheck }) },
  /** The preview, with a page of its rows (`offset`, `limit`); asking again for the same file and mapping reads it once. */
  'usage-import-preview': { input: usageImportInput.extend({ offset: wholeNumber(0, 100_000_000).optional(), limit: wholeNumber(1, 1000).optional() }) },
  /** All or nothing, as one change. */
  'usage-import': { input: usageImportInput },
  'account-replace': { input: z.strictObject({ account: z.unknown() }) },
  /** What importing an account file would replace, before it replaces anything. */
  'account-import-preview': { input: z.strictObject({ text: accountFileText }) },
  /** Replace the account with a file's; the planned projects come from the file, or stay as they are (`projects: 'current'`). */
  'account-import': { input: z.strictObject({ text: accountFileText, projects: z.enum(['file', 'current'], { error: 'must be file or current' }).optional() }) },
  'account-export': { input: z.strictObject({}) },
  'account-demo': { input: z.strictObject({}) },
  'account-reset': { input: z.strictObject({ confirm: z.literal('reset', { error: 'must be "reset": resetting deletes the account' }) }) },
  'project-save': { input: z.strictObject({ project: projectSchema, ...staleCheck }) },
  'project-delete': { input: z.strictObject({ id: z.string().min(1), ...staleCheck }) },
  'quote-run': { input: z.strictObject({ project: projectSchema, plan: z.strictObject({ plan: planId, credits: wholeNumber(1, 10_000_000), billing }).optional(), retryFactor: z.number().min(1).max(10).optional() }) },
  'pipeline-get': { input: z.strictObject({ months: wholeNumber(1, 24).optional() }) },
  /** The account in money, with the same as CSV. */
  'report-get': { input: z.strictObject({ by: z.enum(['project', 'feature', 'month', 'member']).optional(), months: wholeNumber(1, 24).optional() }) },
  'compare-run': { input: z.strictObject({ credits: wholeNumber(1, 10_000_000).optional(), billing: billing.optional(), months: wholeNumber(1, 24).optional() }) },
  'catalog-update': { input: z.strictObject({ proTiers: z.array(proTierSchema).max(1000).optional(), freeQuota: freeQuotaSchema.optional(), rounding: z.enum(['none', 'half-credit', 'credit']).optional(), ...staleCheck }) },
  'settings-update': { input: settingsSchema.partial().extend(staleCheck).strict() },
  /** The account's history, newest first, filtered by kind, project or member (usages), or month. */
  'ledger-get': {
    input: z.strictObject({
      kind: z.enum(HISTORY_KINDS).optional(),
      project: z.string().max(200).optional(),
      by: memberFilter,
      month: z.string().regex(/^\d{4}-\d{2}$/, { error: 'must be a month YYYY-MM' }).optional(),
      offset: wholeNumber(0, 100_000_000).optional(),
      limit: wholeNumber(1, 1000).optional(),
    }),
  },
  /** Any event replaced by another (its id kept). */
  'event-replace': { input: z.strictObject({ id: eventId, event: accountEventSchema, ...staleCheck }) },
  /** What replacing an event (or deleting it: no `event`) would change. */
  'event-change-preview': { input: z.strictObject({ id: eventId, event: accountEventSchema.optional() }) },
  'history-get': { input: z.strictObject({}) },
  /** Undo the last change; with `id`, only if it is still the last one (a toast's Undo); a whole change (`ChangeEntry.whole`) only with `confirm`. */
  'history-undo': { input: z.strictObject({ id: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional(), ...confirmed }) },
  'history-redo': { input: z.strictObject({ id: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional(), ...confirmed }) },
  /** The backups the data folder keeps, newest first, with what each holds. */
  'backup-list': { input: z.strictObject({}) },
  /** Replace the account and its projects with a backup's (the settings stay), as one change that Undo takes back. */
  'backup-restore': { input: z.strictObject({ name: backupName }) },
  /** How far the call the service is working on has got (an import), answered while it works; null when none reports. */
  'progress-get': { input: z.strictObject({}) },
  /** The team sync of a linked workspace (null: not linked), answered by the host from what the sync last said. */
  'sync-get': { input: z.strictObject({}) },
  /** Settle a conflict of the team sync: keep the version op `op` made of entry `eventId` (the standing one or the other), as one more change of it. */
  'sync-keep': { input: z.strictObject({ eventId: z.string().min(1, { error: 'must not be empty' }).max(200, { error: 'must be at most 200 characters' }), op: z.string().min(1, { error: 'must not be empty' }).max(128, { error: 'must be at most 128 characters' }) }) },
  /** This device leaves the team: the workspace is no longer linked (its data stays as it is, its changes not yet pushed are not sent). */
  'sync-leave': { input: z.strictObject({}) },
  /**
   * Link this workspace to the team's workspace `workspace` on a PostgreSQL server (made there when the role may:
   * create or join), as `member`; its data joins the team's at the first sync. The password is kept on this device.
   */
  'sync-link': {
    input: z.strictObject({
      server: z
        .string()
        .max(2000, { error: 'must be at most 2000 characters' })
        .refine(postgresAddress, { error: 'must be a PostgreSQL address without its password (given apart): postgresql://ROLE@HOST:PORT/DATABASE' }),
      password: z.string().max(1000, { error: 'must be at most 1000 characters' }),
      workspace: workspaceName,
      member: memberName.optional(),
    }),
  },
} as const;

export type HandlerName = keyof typeof api;

/** A PostgreSQL connection string (`postgres:` or `postgresql:`), with no password in it: the password is given apart. */
function postgresAddress(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  // libpq and node-postgres also read a password (or a file of them) from the query: given there, it would be kept with the address.
  return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.password === '' && !url.searchParams.has('password') && !url.searchParams.has('passfile');
}
export type HandlerInput<K extends HandlerName> = z.input<(typeof api)[K]['input']>;

/** Each handler's output. */
export interface HandlerOutputs {
  'state-get': AppState;
  'usage-add': AppState;
  'usage-edit': AppState;
  'usage-list': UsageList;
  'usage-csv': { readonly text: string; readonly fileName: string };
  'event-add': AppState;
  'event-delete': AppState & { readonly deleted: AccountEvent };
  'usage-import-preview': UsageImportPreview;
  'usage-import': AppState & { readonly added: number; readonly skipped: number };
  'event-preview': EventPreview;
  'account-replace': AppState;
  'account-import-preview': AccountImportPreview;
  'account-import': AppState;
  'account-export': { readonly text: string; readonly fileName: string };
  'account-demo': AppState;
  'account-reset': AppState;
  'project-save': AppState;
  'project-delete': AppState;
  /** The quote, and whether its credits are there as the pipeline will say once it is saved (null: no account, or no credits on its date). */
  'quote-run': Quote & { readonly fit: ProjectFit | null };
  'pipeline-get': Pipeline | null;
  'report-get': { readonly report: Report; readonly csv: { readonly text: string; readonly fileName: string } } | null;
  'compare-run': { readonly credits: Comparison | null; readonly history: HistoryComparison | null; readonly ladder: readonly LadderPoint[] };
  'catalog-update': AppState;
  'settings-update': AppState;
  'ledger-get': LedgerList;
  'event-replace': AppState;
  'event-change-preview': ChangePreview;
  'history-get': ChangeHistory;
  'history-undo': AppState & { readonly undone: ChangeEntry };
  'history-redo': AppState & { readonly redone: ChangeEntry };
  'backup-list': { readonly backups: readonly BackupSummary[] };
  'backup-restore': AppState;
  'progress-get': WorkProgress | null;
  'sync-get': SyncView | null;
  'sync-keep': AppState;
  'sync-leave': AppState;
  'sync-link': AppState;
}

export type HandlerOutput<K extends HandlerName> = HandlerOutputs[K];

/** What a bridge returns for a call: the output, or an expected error as data. */
export type ApiReply<K extends HandlerName> = { readonly ok: true; readonly value: HandlerOutput<K> } | { readonly ok: false; readonly error: AppError };

/** The one generic call the renderer makes, whatever carries it. */
export type Send = <K extends HandlerName>(name: K, input: HandlerInput<K>) => Promise<ApiReply<K>>;

/** What the native Edit menu asks the page to do. */
export type EditCommand = 'undo' | 'redo';

/** The one object the Electron preload exposes: the typed call, and the account's revision after every change (this window's, another's, the menu's). */
export interface Bridge {
  /** `workspace`: the workspace the call is for (left out: the one open last); the workspace hub's own calls go the same way. */
  readonly send: <K extends HandlerName>(name: K, input: HandlerInput<K>, workspace?: string) => Promise<ApiReply<K>>;
  /** A workspace's revision after each change in it (`workspace` left out: a service of one). Returns the unsubscribe. */
  readonly onChanged: (listener: (revision: number, workspace?: string) => void) => () => void;
  /** The workspaces' list changed (in another window). Returns the unsubscribe. */
  readonly onWorkspaces: (listener: () => void) => () => void;
  /** Edit › Undo or Redo from the native menu; returns the unsubscribe. */
  readonly onEdit: (listener: (command: EditCommand) => void) => () => void;
}

export const HANDLER_NAMES = Object.keys(api) as HandlerName[];
