/** The settings and the price list (the Pro tiers, the free quota, the rounding), each saved from the revision it was edited at. */
import { mutator, undoable, fresh, type Handlers, type Input, type Outcome, type Subject } from './handlers.ts';
import { accountEdit } from './account.ts';
import { sessionAccountParse, type Session } from './session.ts';

const settingsSubject = (s: Session): Subject => ({ changedAt: s.revisions.settings, field: 'settings', message: () => 'Another window changed the settings since you opened them.' });
const catalogSubject = (s: Session): Subject => ({ changedAt: s.revisions.catalog, field: 'catalog', message: () => 'Another window changed the price list since you opened it.' });

function settingsUpdate(s: Session, { revision: _, force: __, ...input }: Input<'settings-update'>): Outcome<Record<never, never>> {
  return { edit: { op: { op: 'set', data: { settings: { ...s.data.settings, ...input } } }, label: 'Changed the settings' } };
}

function catalogUpdate(s: Session, { revision: _, force: __, ...input }: Input<'catalog-update'>) {
  const account = { ...s.data.account };
  if (input.proTiers) account.proTiers = input.proTiers;
  if (input.freeQuota) account.freeQuota = input.freeQuota;
  if (input.rounding) account.rounding = input.rounding;
  return accountEdit(s, sessionAccountParse(s, account), 'Changed the price list', false);
}

export const settingsHandlers: Handlers<'settings-update' | 'catalog-update'> = {
  'settings-update': mutator(fresh(settingsSubject, undoable(settingsUpdate))),
  'catalog-update': mutator(fresh(catalogSubject, undoable(catalogUpdate))),
};
