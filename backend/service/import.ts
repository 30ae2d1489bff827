/**
 * A spreadsheet of usages imported: previewed first (a page of its rows at a time, each with its cost or refusal,
 * the balance after, what it changes in what the account held), then added as one change. How far a long one
 * has got is reported while it runs (`progress-get` is in ./state.ts).
 */
import type { UsageImportPreview } from '../../shared/api.ts';
import { changesBetween } from '../../shared/engine/changes.ts';
import { ExpectedError, errorFromIssues } from '../../shared/errors.ts';
import type { AccountEvent, UsageEvent } from '../../shared/formats/account.ts';
import { engineProblem, usageImport } from '../../shared/usageImport.ts';
import { numberLabel } from '../../shared/text.ts';
import { creditsOf, creditsSum, ZERO_CREDITS } from '../../shared/units.ts';
import { mutator, undoable, type Handlers, type Input } from './handlers.ts';
import { cacheKey, replayLedger, sessionCacheDrop, sessionCached, sessionCacheGet, sessionCheck, sessionProgress, sessionReplay, type Session } from './session.ts';

type ImportInput = Input<'usage-import'>;

/** A spreadsheet's usages read against the account: what they add, and the replay of the account they make (null: nothing to add, or a problem). */
function importEvents(s: Session, input: ImportInput) {
  const account = s.data.account;
  const read = usageImport(input.text, account, { map: input.map, dateFormat: input.dateFormat, features: input.features, skip: input.skip, replay: false, progress: sessionProgress(s, 'reading'), id: s.newId });
  const events: readonly AccountEvent[] = read.events;
  if (events.length === 0) return { read, events, next: null };
  const n = account.events.length;
  try {
    // The kept replay, brought on by the new usages: what they cost and what the engine refuses, the one replay the import needs.
    return { read, events, next: sessionCheck(s, { ...account, events: account.events.concat(events) }, { prefix: n, suffix: 0 }, { progress: sessionProgress(s, 'checking') }) };
  } catch (e) {
    if (!(e instanceof ExpectedError)) throw e;
    return { read: { ...read, events: [], eventRows: [], problems: [engineProblem(e.error, n, read.eventRows, read.columns.date)] }, events: [], next: null };
  }
}

/** What the preview shows besides the rows: each one's cost or refusal, the balance after, and what they change in what the account held. */
function importRead(s: Session, input: ImportInput) {
  const { read, events, next } = importEvents(s, input);
  if (next === null) return { read, events, next, costs: [], refusal: [], balanceAfter: null, changes: null };
  const n = s.data.account.events.length;
  const refused = new Map(next.tip.refused.filter((r) => r.index >= n).map((r) => [r.index, r.reason]));
  const refusal = events.map((_, i) => refused.get(n + i) ?? null);
  // A refused usage costs nothing: the vendor would not have made it.
  const costs = events.map((_, i) => (refusal[i] === null ? creditsOf(next.usageCosts[n + i]!) : ZERO_CREDITS));
  const last = next.account.events[next.order.at(-1)!]!.date;
  const at = last > s.today() ? last : s.today();
  const after = replayLedger(next, at);
  // The events the account had keep their places; the new ones follow them.
  const changes = n === 0 ? null : changesBetween(s.data.account.events, replayLedger(sessionReplay(s), at), after, (i) => i);
  return { read, events, next, costs, refusal, balanceAfter: after.balance, changes };
}

/** The last preview read, kept for the pages that follow and for the import: the same file and mapping on the same account is not read again. */
const PREVIEW = cacheKey<ReturnType<typeof importRead>>('import preview');
/** The preview's key: the file itself (compared, never copied: it may be tens of megabytes), and how it is read. */
const importKey = (input: ImportInput) => [input.text, JSON.stringify([input.map ?? null, input.dateFormat ?? null, input.features ?? null, input.skip ?? null])];

function usageImportPreview(s: Session, { offset, limit, ...input }: Input<'usage-import-preview'>): UsageImportPreview {
  const { read, events, costs, refusal, balanceAfter, changes } = sessionCached(s, PREVIEW, importKey(input), () => importRead(s, input));
  const start = offset ?? 0;
  return {
    header: read.header,
    columns: read.columns,
    rows: events.slice(start, start + (limit ?? 200)).map((e, k) => {
      const i = start + k;
      const u = e as UsageEvent;
      return { row: read.eventRows[i]!, date: u.date, feature: u.feature, minutes: u.minutes, seconds: u.seconds, count: u.count, videos: u.videos ?? 1, project: u.project, credits: costs[i]!, refused: refusal[i]! };
    }),
    added: events.length,
    refused: refusal.filter((r) => r !== null).length,
    skipped: read.skipped,
    problems: read.problems.slice(0, 100),
    problemCount: read.problems.length,
    unmatched: read.unmatched,
    credits: creditsSum(costs),
    balanceAfter,
    undatedRows: read.undatedRows,
    changes,
  };
}

function usageImportRun(s: Session, input: ImportInput) {
  // What was just previewed is what is imported: read again only when the file, its mapping or the account changed.
  const { read, events, next } = sessionCacheGet(s, PREVIEW, importKey(input)) ?? importEvents(s, input);
  if (read.problems.length > 0) {
    throw new ExpectedError(errorFromIssues('invalid-input', read.problems.map((p) => ({ path: '', message: `row ${p.row}${p.column ? `, column "${p.column}"` : ''}: ${p.message}` }))));
  }
  if (next === null) return { edit: null, reply: { added: 0, skipped: read.skipped } };
  sessionCacheDrop(s, PREVIEW);
  return { edit: { op: { op: 'events-add', events } as const, label: `Imported ${numberLabel(events.length)} ${events.length === 1 ? 'usage' : 'usages'}`, next, progress: sessionProgress(s, 'saving') }, reply: { added: events.length, skipped: read.skipped } };
}

export const importHandlers: Handlers<'usage-import-preview' | 'usage-import'> = {
  'usage-import-preview': usageImportPreview,
  'usage-import': mutator(undoable(usageImportRun)),
};
