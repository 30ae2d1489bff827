import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { RATE_CARD_2026_11, rateOf, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import { measureCost } from '../../../shared/engine/cost.ts';
import type { AppError } from '../../../shared/errors.ts';
import { fmtCredits, numberParse, todayIso } from '../../format.ts';
import { useStore } from '../../store/store.ts';
import { FormError } from '../FormError/FormError.tsx';

export type Props = { readonly projects: readonly string[] };

/**
 * Log a usage, keyboard first: the feature (with its rate), how much, for which
 * project; the cost shows before saving, and Enter saves. With a usage picked
 * for editing, the same form edits it.
 */
export function UsageForm({ projects }: Props) {
  const change = useStore((s) => s.change);
  const editing = useStore((s) => s.editing);
  const edit = useStore((s) => s.edit);
  // The account's own rounding, as the engine will apply it when the usage is recorded.
  const rounding = useStore((s) => s.app?.catalog.rounding);
  const [feature, setFeature] = useState<FeatureId>('avatar-iv');
  const [amount, setAmount] = useState('1');
  const [unit, setUnit] = useState<'minutes' | 'seconds'>('minutes');
  const [videos, setVideos] = useState('1');
  const [project, setProject] = useState('');
  const [date, setDate] = useState(todayIso());
  const [error, setError] = useState<AppError | null>(null);
  const first = useRef<HTMLSelectElement>(null);

  const wasEditing = useRef(false);
  useEffect(() => {
    if (!editing) {
      // Leaving an edit (saved or cancelled): back to a fresh entry.
      if (wasEditing.current) {
        setAmount('1');
        setVideos('1');
        setProject('');
        setDate(todayIso());
        setError(null);
      }
      wasEditing.current = false;
      return;
    }
    wasEditing.current = true;
    setFeature(editing.feature);
    setUnit(editing.seconds !== undefined ? 'seconds' : 'minutes');
    setAmount(String(editing.minutes ?? editing.seconds ?? editing.count ?? 1));
    setVideos(String(editing.videos));
    setProject(editing.project ?? '');
    setDate(editing.date);
    setError(null);
    first.current?.focus();
  }, [editing]);

  const rate = rateOf(RATE_CARD_2026_11, feature)!;
  const timed = rate.basis.kind === 'time';
  const measure = useMemo(() => {
    const n = numberParse(amount, !timed);
    const v = numberParse(videos, true);
    if (n === undefined || n <= 0 || v === undefined || v < 1) return null;
    return { feature, videos: v, ...(timed ? { [unit]: n } : { count: n }) };
  }, [feature, amount, unit, videos, timed]);
  const cost = measure ? measureCost(RATE_CARD_2026_11, measure, rounding ?? RATE_CARD_2026_11.rounding) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!measure) return;
    const fields = { date, ...measure, ...(project.trim() ? { project: project.trim() } : {}) };
    const err = editing ? await change('usage-edit', { id: editing.id, ...fields }) : await change('usage-add', fields);
    setError(err);
    if (err) return;
    edit(null);
    setAmount('1');
    first.current?.focus();
  }

  return (
    <form className="usage-form" onSubmit={submit} aria-label={editing ? 'Edit the usage' : 'Log a usage'}>
      <label>
        Feature
        <select ref={first} value={feature} onChange={(e) => setFeature(e.target.value as FeatureId)}>
          {RATE_CARD_2026_11.rates.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} · {r.credits} / {r.basis.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {timed ? 'Length of each video' : 'How many'}
        <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={measure === null} />
      </label>
      {timed && (
        <label>
          Unit
          <select value={unit} onChange={(e) => setUnit(e.target.value as 'minutes' | 'seconds')}>
            <option value="minutes">minutes</option>
            <option value="seconds">seconds</option>
          </select>
        </label>
      )}
      <label>
        Videos
        <input inputMode="numeric" value={videos} onChange={(e) => setVideos(e.target.value)} />
      </label>
      <label>
        Project
        <input list="usage-projects" value={project} onChange={(e) => setProject(e.target.value)} placeholder="optional" />
        <datalist id="usage-projects">
          {projects.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </label>
      <label>
        Date
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <div className="usage-form__cost" aria-live="polite">
        {cost === null ? 'Enter a positive amount' : <>Costs <strong data-testid="usage-cost">{fmtCredits(cost)}</strong> credits</>}
      </div>
      <div className="usage-form__actions">
        <button type="submit" disabled={measure === null}>
          {editing ? 'Save changes' : 'Log usage'}
        </button>
        {editing && (
          <button type="button" onClick={() => edit(null)}>
            Cancel
          </button>
        )}
      </div>
      <FormError error={error} />
    </form>
  );
}
