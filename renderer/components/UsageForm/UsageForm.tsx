import { useMemo, useState, type FormEvent } from 'react';
import { RATE_CARD_2026_11, rateOf, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import { measureCost } from '../../../shared/engine/cost.ts';
import type { AppError } from '../../../shared/errors.ts';
import { fmtCredits, todayIso } from '../../format.ts';
import { useStore } from '../../store/store.ts';

export type Props = { readonly projects: readonly string[] };

/** Log a usage: the feature with its rate, how much, for which project; the cost shows before saving. */
export function UsageForm({ projects }: Props) {
  const change = useStore((s) => s.change);
  const [feature, setFeature] = useState<FeatureId>('avatar-iv');
  const [amount, setAmount] = useState('1');
  const [unit, setUnit] = useState<'minutes' | 'seconds'>('minutes');
  const [videos, setVideos] = useState('1');
  const [project, setProject] = useState('');
  const [date, setDate] = useState(todayIso());
  const [error, setError] = useState<AppError | null>(null);
  const rate = rateOf(RATE_CARD_2026_11, feature)!;
  const timed = rate.basis.kind === 'time';
  const measure = useMemo(() => {
    const n = Number(amount);
    const v = Number(videos);
    if (!(n > 0) || !(v >= 1) || !Number.isInteger(v) || (!timed && !Number.isInteger(n))) return null;
    return { feature, videos: v, ...(timed ? { [unit]: n } : { count: n }) };
  }, [feature, amount, unit, videos, timed]);
  const cost = measure ? measureCost(RATE_CARD_2026_11, measure) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!measure) return;
    const err = await change('usage-add', { date, ...measure, ...(project.trim() ? { project: project.trim() } : {}) });
    setError(err);
    if (!err) setAmount('1');
  }

  return (
    <form className="usage-form" onSubmit={submit} aria-label="Log a usage">
      <label>
        Feature
        <select value={feature} onChange={(e) => setFeature(e.target.value as FeatureId)}>
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
      <button type="submit" disabled={measure === null}>
        Log usage
      </button>
      {error && (
        <p role="alert" className="form-error">
          {error.message}
        </p>
      )}
    </form>
  );
}
