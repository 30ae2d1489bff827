/** The account's history (every event and cycle start, newest first, with the running balance) and the changes Undo and Redo act on. */
import type { LedgerList, LedgerRow } from '../../shared/api.ts';
import { historyPage } from '../../shared/engine/historyPage.ts';
import { ExpectedError, reject } from '../../shared/errors.ts';
import type { Change } from '../changes.ts';
import { mutator, type Handlers, type Input } from './handlers.ts';
import { changeEntry, sessionReapply, sessionReplay, sessionState, type Session } from './session.ts';

/** A page of the history screen's rows (newest first), from the replay's marks and checkpoints: bounded however long the account. */
function ledgerGet(s: Session, { kind, project, by, month, offset, limit }: Input<'ledger-get'>): LedgerList {
  const r = sessionReplay(s);
  if (r.account.events.length === 0) return { rows: [], revision: s.store.seq, total: 0, months: [], projects: [], members: [] };
  const page = historyPage(r, s.today(), { kind, project, by, month }, offset ?? 0, limit ?? 200);
  const rows = page.rows.map((row): LedgerRow => {
    const event = row.index === null ? null : r.account.events[row.index]!;
    const usage = event?.type === 'usage' ? event : null;
    return { ...row, id: event?.id ?? null, event, project: usage?.project ?? null, by: usage?.by ?? null };
  });
  return { ...page, rows, revision: s.store.seq };
}

/** The next change to undo or redo, if it is the one asked for; a whole change only once the user confirmed it. */
function top(s: Session, what: 'undo' | 'redo', id: number | undefined, confirm: true | undefined): Change {
  const { changes } = s;
  const change = changes[what].at(-1);
  if (!change) reject('conflict', '', `there is nothing to ${what}`);
  if (id !== undefined && change.id !== id) {
    const other = [...changes.undo, ...changes.redo].find((c) => c.id === id);
    reject('conflict', '', other ? `“${other.label}” is ${what === 'undo' && changes.redo.includes(other) ? 'already undone' : what === 'redo' && changes.undo.includes(other) ? 'not undone' : `not the next change to ${what}`}` : 'that change is no longer in the history');
  }
  if (change.whole && confirm !== true) throw new ExpectedError({ code: 'conflict', message: `${what === 'undo' ? 'Undoing' : 'Redoing'} “${change.label}” replaces the whole account: it is done once you confirm it.`, field: 'confirm' });
  return change;
}

function historyUndo(s: Session, { id, confirm }: Input<'history-undo'>) {
  const change = top(s, 'undo', id, confirm);
  sessionReapply(s, change.undo, `“${change.label}” cannot be undone`);
  s.changes.undone();
  return { ...sessionState(s), undone: changeEntry(change) };
}

function historyRedo(s: Session, { id, confirm }: Input<'history-redo'>) {
  const change = top(s, 'redo', id, confirm);
  sessionReapply(s, change.redo, `“${change.label}” cannot be redone`);
  s.changes.redone();
  return { ...sessionState(s), redone: changeEntry(change) };
}

export const historyHandlers: Handlers<'ledger-get' | 'history-get' | 'history-undo' | 'history-redo'> = {
  'ledger-get': ledgerGet,
  'history-get': (s) => ({ undo: s.changes.undo.map(changeEntry).reverse(), redo: s.changes.redo.map(changeEntry).reverse() }),
  'history-undo': mutator(historyUndo),
  'history-redo': mutator(historyRedo),
};
