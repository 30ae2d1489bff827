import { useMemo, useState, type FormEvent } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import type { AccountEvent } from '../../../shared/formats/account.ts';
import type { PlanStatus } from '../../../shared/engine/ledger.ts';
import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { fmtCredits, fmtDate, fmtMoney, fmtSentence, numberParse, todayIso } from '../../format.ts';
import { useStore } from '../../store/store.ts';
import { useCall } from '../../useCall.ts';

export type Props = { readonly plan: PlanStatus | null };

type Kind = 'change-plan' | 'cancel' | 'pause' | 'balance-check' | 'seats' | 'addon' | 'auto-reload' | 'avatar-slots';
/** The kinds that take an amount, each kept apart. */
type AmountKind = 'balance-check' | 'seats' | 'addon' | 'auto-reload' | 'avatar-slots';

const KINDS: readonly { kind: Kind; label: string; business?: boolean }[] = [
  { kind: 'change-plan', label: 'Change plan (upgrade, downgrade, billing)' },
  { kind: 'balance-check', label: 'Balance check (what HeyGen shows)' },
  { kind: 'pause', label: 'Pause (next charge 30 days later)' },
  { kind: 'cancel', label: 'Cancel (to Free at the end of the period)' },
  { kind: 'avatar-slots', label: 'Avatar slots' },
  { kind: 'seats', label: 'Business seats', business: true },
  { kind: 'addon', label: 'Buy add-on credits', business: true },
  { kind: 'auto-reload', label: 'Auto-reload', business: true },
];

/**
 * Record a change to the plan or the account as a dated event. Before saving,
 * the engine says what it will do (a prorated charge, credits now, a change at
 * the end of the period), so nothing is a surprise.
 */
export function EventForm({ plan }: Props) {
  const change = useStore((s) => s.change);
  const notifyChange = useStore((s) => s.notifyChange);
  const [kind, setKind] = useState<Kind>('change-plan');
  const [date, setDate] = useState(todayIso());
  const [target, setTarget] = useState('pro');
  const [credits, setCredits] = useState('2000');
  const [billing, setBilling] = useState<'monthly' | 'annual'>(plan?.choice.billing ?? 'monthly');
  const [price, setPrice] = useState('');
  // One amount per kind of change: a balance typed for a check is never offered as 2,000 add-on blocks or seats.
  const [amounts, setAmounts] = useState<Record<AmountKind, string>>({ 'balance-check': '', seats: String(plan?.seats ?? 1), addon: '1', 'auto-reload': '1', 'avatar-slots': '1' });
  const [threshold, setThreshold] = useState('200');
  // A failed record belongs to the event it was for; editing the event clears it.
  const [recordError, setRecordError] = useState<{ readonly for: AccountEvent; readonly error: AppError } | null>(null);
  const [confirmLegacy, setConfirmLegacy] = useState(false);

  const event = useMemo((): AccountEvent | null => {
    // Nothing is previewed or recorded from an empty field or one that is not a number: never 0, never NaN.
    const n = kind in amounts ? numberParse(amounts[kind as AmountKind], kind !== 'balance-check') : undefined;
    if (kind in amounts && n === undefined) return null;
    const base = { date: date as AccountEvent['date'] };
    switch (kind) {
      case 'change-plan': {
        const needsCredits = target === 'pro' || target === 'enterprise';
        const needsPrice = (target === 'enterprise' || target === 'legacy') && price.trim() !== '';
        const c = needsCredits ? numberParse(credits, true) : undefined;
        const p = needsPrice ? numberParse(price) : undefined;
        if ((needsCredits && c === undefined) || (needsPrice && p === undefined) || (target === 'enterprise' && p === undefined)) return null;
        return { ...base, type: 'change-plan', plan: target as 'pro', billing, ...(c !== undefined ? { credits: c } : {}), ...(p !== undefined ? { price: p } : {}) };
      }
      case 'cancel':
      case 'pause':
        return { ...base, type: kind };
      case 'balance-check':
        return { ...base, type: 'balance-check', balance: n! };
      case 'seats':
        return { ...base, type: 'seats', count: n! };
      case 'addon':
        return { ...base, type: 'addon', blocks: n! };
      case 'auto-reload': {
        const t = numberParse(threshold);
        return t === undefined ? null : { ...base, type: 'auto-reload', blocks: n!, threshold: t };
      }
      case 'avatar-slots':
        return { ...base, type: 'avatar-slots', count: n!, billing };
    }
  }, [kind, date, target, credits, billing, price, amounts, threshold]);

  const request = useMemo(() => (event ? { event } : null), [event]);
  const { value: preview, error: previewError } = useCall('event-preview', request, 150);
  const error = (recordError?.for === event ? recordError.error : null) ?? previewError;

  const leavingLegacy = plan?.choice.plan === 'legacy' && kind === 'change-plan' && target !== 'legacy';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!event || error) return;
    if (leavingLegacy && !confirmLegacy) return;
    const err = await change('event-add', { event });
    setRecordError(err ? { for: event, error: err } : null);
    if (err) return;
    notifyChange(`${KINDS.find((k) => k.kind === kind)!.label.split(' (')[0]} recorded for ${fmtDate(date)}`);
    setConfirmLegacy(false);
  }

  return (
    <form className="event-form" onSubmit={submit} aria-label="Record a change">
      <label>
        What changed
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.filter((k) => !k.business || plan?.choice.plan === 'business').map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        On
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      {kind === 'change-plan' && (
        <>
          <label>
            To
            <select value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="creator">Creator</option>
              <option value="pro">Pro</option>
              <option value="business">Business</option>
              <option value="enterprise">Enterprise</option>
              <option value="free">Free (cancel)</option>
              {plan?.choice.plan === 'legacy' && <option value="legacy">Legacy (new price)</option>}
            </select>
          </label>
          {(target === 'pro' || target === 'enterprise') && (
            <label>
              Credits a month
              <input inputMode="numeric" value={credits} onChange={(e) => setCredits(e.target.value)} />
            </label>
          )}
          {(target === 'enterprise' || target === 'legacy') && (
            <label>
              Price a month (USD)
              <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
            </label>
          )}
        </>
      )}
      {(kind === 'change-plan' || kind === 'avatar-slots') && (
        <label>
          Billing
          <select value={billing} onChange={(e) => setBilling(e.target.value as 'monthly' | 'annual')}>
            <option value="monthly">monthly</option>
            <option value="annual">annual</option>
          </select>
        </label>
      )}
      {['balance-check', 'seats', 'addon', 'auto-reload', 'avatar-slots'].includes(kind) && (
        <label>
          {kind === 'balance-check' ? 'Balance shown' : kind === 'seats' ? 'Seats' : kind === 'avatar-slots' ? 'Slots' : 'Blocks of 100 credits'}
          <input inputMode={kind === 'balance-check' ? 'decimal' : 'numeric'} value={amounts[kind as AmountKind]} aria-invalid={numberParse(amounts[kind as AmountKind], kind !== 'balance-check') === undefined} onChange={(e) => setAmounts({ ...amounts, [kind]: e.target.value })} />
        </label>
      )}
      {kind === 'auto-reload' && (
        <label>
          When the balance falls below
          <input inputMode="decimal" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
        </label>
      )}
      <div className="preview" aria-live="polite" aria-label="What this does">
        {error ? (
          <p role="alert" className="form-error">{error.message}</p>
        ) : preview ? (
          <>
            {preview.notes.map((n) => (
              <p key={n}>{fmtSentence(n)}</p>
            ))}
            {preview.charges.map((c) => (
              <p key={c.reason}>
                Charge now: <strong>{fmtMoney(c.amount)}</strong> <AssumptionBadge ids={c.assumptions} /> · {fmtSentence(c.reason)}
              </p>
            ))}
            <p className="muted">
              Balance on that day: {fmtCredits(preview.balanceBefore)} → <strong>{fmtCredits(preview.balanceAfter)}</strong>
            </p>
          </>
        ) : null}
      </div>
      {leavingLegacy && (
        <label className="confirm">
          <input type="checkbox" checked={confirmLegacy} onChange={(e) => setConfirmLegacy(e.target.checked)} />
          I understand: once I leave the legacy unlimited plan, I cannot switch back to it.
        </label>
      )}
      <button type="submit" disabled={!event || error !== null || (leavingLegacy && !confirmLegacy)}>
        Record
      </button>
    </form>
  );
}
