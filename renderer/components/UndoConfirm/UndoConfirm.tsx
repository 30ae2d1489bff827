import type { AccountSize } from '../../../shared/api.ts';
import { countLabel } from '../../../shared/text.ts';
import { isMac } from '../../platform.ts';
import { useStore } from '../../store/store.ts';
import { Confirm } from '../Confirm/Confirm.tsx';

const isEmpty = (size: AccountSize) => size.events === 0 && size.projects === 0;

/** "12 events and 2 projects", "1 event". */
function sizeText(size: AccountSize): string {
  const events = countLabel(size.events, 'event', 'events');
  return size.projects > 0 ? `${events} and ${countLabel(size.projects, 'project', 'projects')}` : events;
}

/** What undoing (`to` is the account before the change) or redoing (`to` is the account after it) does to the account now (`from`). */
function outcome(what: 'undo' | 'redo', from: AccountSize, to: AccountSize): string {
  const back = what === 'undo' ? 'Redo brings it back, also after a restart.' : `Undo (${isMac ? '⌘Z' : 'Ctrl+Z'}) brings it back.`;
  if (isEmpty(to)) return `The account ${what === 'undo' ? 'goes back to' : 'becomes'} empty: its ${sizeText(from)} ${from.events + from.projects === 1 ? 'is' : 'are'} removed, and the app opens on its welcome screen. ${back}`;
  const now = isEmpty(from) ? 'it is empty now' : `it has ${sizeText(from)} now`;
  return what === 'undo' ? `The account goes back to how it was before this change: ${sizeText(to)}, where ${now}. ${back}` : `The account becomes what this change made it: ${sizeText(to)}, where ${now}. ${back}`;
}

/** Undo or Redo of a change that replaces the account as a whole (a setup, a reset, an import, a backup restored) asks first, however it was asked for: a key, a toast, History, the menu. */
export function UndoConfirm() {
  const asking = useStore((s) => s.asking);
  const answer = useStore((s) => s.answer);
  if (!asking) return null;
  const { what, change } = asking;
  const [from, to] = what === 'undo' ? [change.whole.after, change.whole.before] : [change.whole.before, change.whole.after];
  return (
    <Confirm title={`${what === 'undo' ? 'Undo' : 'Redo'} “${change.label}”?`} confirmLabel={what === 'undo' ? 'Undo it' : 'Redo it'} onConfirm={() => void answer(true)} onCancel={() => void answer(false)}>
      <p>{outcome(what, from, to)}</p>
    </Confirm>
  );
}
