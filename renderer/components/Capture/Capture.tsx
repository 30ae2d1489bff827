import { useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { UsageRow } from '../../../shared/api.ts';
import { RATE_CARD_2026_11, rateOf, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import { later, LoadFailed, useLoaded } from '../../later.tsx';
import { useStore } from '../../store/store.ts';
import type { Props as UsageFormProps } from '../UsageForm/UsageForm.tsx';
import { isMac } from '../../platform.ts';
import { featureSearch } from '../../../shared/catalog/featureNames.ts';
import { nameChoices } from '../Picker/nameChoices.ts';
import { earlyEntry, type EarlyChoices } from './earlyEntry.ts';

// The form (and its validation) loads when the quick entry first opens, not with the first screen.
const UsageForm = later(() => import('../UsageForm/UsageForm.tsx').then((m) => m.UsageForm));

/**
 * The quick entry's form once its code has loaded, with the cursor in the feature field. Until then a feature field
 * stands in for it and keeps the keys typed (the feature, Enter, the amount, Tab to the project and the member,
 * Enter), which the form then takes as typed in it: nothing typed right after Ctrl+K is lost.
 */
function QuickEntry({ dialog, capture, projects, members }: Pick<UsageFormProps, 'projects' | 'members'> & { dialog: RefObject<HTMLDialogElement | null>; capture: NonNullable<UsageFormProps['capture']> }) {
  const { component: Form, error } = useLoaded(UsageForm);
  const [keys, setKeys] = useState<readonly string[]>([]);
  const typedEarly = keys.length > 0;
  const { usual } = capture;
  // What a text picks in each field, as the form's pickers will match it.
  const choices = useMemo((): EarlyChoices => {
    const usualFeatures = usual.get('');
    const first = (names: readonly string[]) => {
      const of = nameChoices(names);
      return (text: string) => of(text)[0]?.value;
    };
    return { feature: (text) => featureSearch(text, usualFeatures)[0], usual: (n) => usualFeatures?.[n - 1], project: first(projects), member: first(members) };
  }, [usual, projects, members]);
  useLayoutEffect(() => {
    if (!Form) return;
    // Opening a dialog focuses its first button; the entry starts in the feature field (before any next key), its
    // text selected to type over, or the cursor after what was typed while the code loaded.
    const feature = dialog.current?.querySelector<HTMLInputElement>('input[role="combobox"]');
    feature?.focus();
    if (typedEarly) feature?.setSelectionRange(feature.value.length, feature.value.length);
  }, [Form, dialog, typedEarly]);
  if (error) return <LoadFailed error={error} />;
  if (Form) return <Form projects={projects} members={members} capture={{ ...capture, early: typedEarly ? earlyEntry(keys, choices) : undefined }} />;
  return (
    <div className="usage-form" aria-busy="true">
      <div className="usage-form__feature">
        <label className="picker">
          Feature
          <input
            role="combobox"
            aria-expanded={false}
            autoComplete="off"
            autoFocus
            readOnly
            value={earlyEntry(keys, choices).feature}
            placeholder="type: iv, veo, translation"
            onKeyDown={(e) => {
              // Kept for the form: characters, Backspace, Enter, and Tab (which here stays in this field, the form's cursor moving through its own fields once it is drawn). Escape still closes.
              if (e.ctrlKey || e.metaKey || e.altKey || (e.key.length > 1 && !['Enter', 'Backspace', 'Tab'].includes(e.key))) return;
              e.preventDefault();
              setKeys((k) => [...k, e.key === 'Tab' && e.shiftKey ? 'Shift+Tab' : e.key]);
            }}
          />
        </label>
      </div>
      <p className="muted usage-form__cost">Loading…</p>
    </div>
  );
}

/** How long after the app has drawn the quick entry's form loads. */
const PRELOAD_AFTER_MS = 2000;
const NO_NAMES: readonly string[] = [];

/** Typing in a field, a list or an editable area: a bare N is theirs, not a command. */
function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** The features used most for each project ('' for all), most used first. */
function usualOf(rows: readonly UsageRow[]): Map<string, FeatureId[]> {
  const counts = new Map<string, Map<FeatureId, number>>();
  for (const row of rows) {
    for (const key of row.project ? ['', row.project] : ['']) {
      const byFeature = counts.get(key) ?? new Map<FeatureId, number>();
      byFeature.set(row.feature, (byFeature.get(row.feature) ?? 0) + 1);
      counts.set(key, byFeature);
    }
  }
  return new Map([...counts].map(([key, byFeature]) => [key, [...byFeature].sort((a, b) => b[1] - a[1]).map(([id]) => id)]));
}

/** The latest usage: on the latest date, the one entered last. */
function lastOf(rows: readonly UsageRow[]): UsageRow | null {
  const latest = rows[0]?.date;
  return rows.filter((r) => r.date === latest).at(-1) ?? null;
}

/**
 * Log a usage from any screen: Ctrl/⌘+K, or N outside a text field, opens the
 * quick entry with the cursor in the feature field; Enter logs it and closes.
 */
export function Capture() {
  const projects = useStore((s) => s.app?.view?.projects) ?? NO_NAMES;
  const members = useStore((s) => s.app?.view?.members) ?? NO_NAMES;
  const notifyChange = useStore((s) => s.notifyChange);
  const read = useStore((s) => s.read);
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [recent, setRecent] = useState<{ last: UsageRow | null; usual: Map<string, FeatureId[]> }>({ last: null, usual: new Map() });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const command = (isMac ? e.metaKey : e.ctrlKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';
      const bare = !e.metaKey && !e.ctrlKey && !e.altKey && e.key.toLowerCase() === 'n' && !typingIn(e.target);
      if (!command && !bare) return;
      e.preventDefault();
      // Open before the form draws, so that the form's cursor is not taken by the dialog's first button: what is typed
      // next goes to the feature field.
      if (!dialog.current?.open) dialog.current?.showModal();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    // The form's code loads a while after the app has drawn (not while its first screen draws), so that the first
    // quick entry draws it at once.
    const preload = setTimeout(() => void UsageForm.load().catch(() => {}), PRELOAD_AFTER_MS);
    return () => {
      window.removeEventListener('keydown', onKey);
      clearTimeout(preload);
    };
  }, []);

  useEffect(() => {
    if (!open) return;
    void read('usage-list', { limit: 1000 }).then((reply) => {
      if (reply.ok) setRecent({ last: lastOf(reply.value.rows), usual: usualOf(reply.value.rows) });
    });
  }, [open, read]);

  function close() {
    dialog.current?.close();
    setOpen(false);
  }

  return (
    <dialog ref={dialog} className="capture" aria-labelledby="capture-title" onClose={() => setOpen(false)}>
      {open && (
        <>
          <header className="capture__head">
            <h2 id="capture-title">Log a usage</h2>
            <button type="button" onClick={close} aria-label="Close the quick entry">
              ×
            </button>
          </header>
          <QuickEntry
            dialog={dialog}
            projects={projects}
            members={members}
            capture={{
              last: recent.last,
              usual: recent.usual,
              onSaved: (input) => {
                close();
                notifyChange(`Logged ${rateOf(RATE_CARD_2026_11, input.feature)!.name}${input.project ? ` for ${input.project}` : ''}`);
              },
            }}
          />
          <p className="muted capture__keys">
            Type a feature (“iv”, “veo”) and Enter; a digit picks a usual one; Tab moves on to the project and the member (the last one logged here comes filled in); Alt+R repeats the last entry; Enter logs; Esc closes. Open with {isMac ? '⌘K' : 'Ctrl+K'} or N.
          </p>
        </>
      )}
    </dialog>
  );
}
