import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useForm, useWatch, type FieldPath } from 'react-hook-form';
import type { AppError } from '../../../shared/errors.ts';
import type { AccountEvent } from '../../../shared/formats/account.ts';
import type { PlanStatus } from '../../../shared/engine/ledger.ts';
import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { errorWords } from '../../components/FormError/FormError.tsx';
import { daysBetween, isIsoDate } from '../../../shared/dates.ts';
import { fmtCredits, fmtDate, fmtInDays, fmtMoney, fmtSentence, todayIso } from '../../format.ts';
import { draftOf, useDraft, useDrafts } from '../../store/drafts.ts';
import { useStore } from '../../store/store.ts';
import { useCall } from '../../useCall.ts';
import { eventDefaults, eventFormSchema, keyOf, KINDS, type EventValues } from './eventValues.ts';

export type Props = { readonly plan: PlanStatus | null };

const DRAFT = 'event-form';

/** How the preview speaks of the change's date: what will happen on a later day, what happens today, what happened on an earlier one. */
function tenseOf(date: string): { readonly lead: string; readonly charge: string; readonly charges: string; readonly on: string } {
  const days = isIsoDate(date) ? daysBetween(todayIso(), date) : 0;
  if (days === 0) return { lead: 'This happens today:', charge: 'Charges', charges: 'charges', on: 'today' };
  const on = `on ${fmtDate(date)}`;
  if (days > 0) return { lead: `This will happen ${on} (${fmtInDays(days)}):`, charge: 'Will charge', charges: 'will charge', on };
  return { lead: `This happened ${on}:`, charge: 'Charged', charges: 'charged', on };
}

/**
 * Record a change to the plan or the account as a dated event. Each kind of
 * change has its own values (kept as a draft until recorded); the form starts
 * empty, so nothing is one click from being recorded. Before saving, the
 * engine says what it will do (a prorated charge, credits that day, a change
 * at the end of the period), in the tense of its date; a charge above the
 * plan's monthly price is confirmed with its amount.
 */
export function EventForm({ plan }: Props) {
  const change = useStore((s) => s.change);
  const notifyChange = useStore((s) => s.notifyChange);
  const defaults = useMemo(() => eventDefaults(plan), [plan]);
  const form = useForm<EventValues, unknown, AccountEvent>({
    resolver: zodResolver(eventFormSchema),
    mode: 'onChange',
    defaultValues: draftOf<EventValues>(DRAFT) ?? defaults,
  });
  const { control, register, handleSubmit, reset, getValues, trigger, formState } = form;
  useDraft(DRAFT, form.watch);
  const values = useWatch({ control }) as EventValues;
  const kind = values.kind;
  useEffect(() => {
    // Each kind's fields say whether they are valid as soon as the kind is shown (an empty balance is marked missing).
    void trigger();
  }, [trigger, kind, values.changePlan.plan]);
  const key = keyOf(kind);
  const parsed = eventFormSchema.safeParse(values);
  const event = parsed.success ? parsed.data : null;
  // One request per distinct event, so an unchanged form is not previewed again.
  const eventJson = event ? JSON.stringify(event) : null;
  const request = useMemo(() => (eventJson ? { event: JSON.parse(eventJson) as AccountEvent } : null), [eventJson]);
  const { value: preview, error: previewError } = useCall('event-preview', request, 150);
  // A failed record belongs to the event it was for; editing the event clears it.
  const [recordError, setRecordError] = useState<{ readonly for: string; readonly error: AppError } | null>(null);
  const error = (recordError?.for === eventJson ? recordError.error : null) ?? previewError;
  const [confirmLegacy, setConfirmLegacy] = useState(false);
  const confirmDialog = useRef<HTMLDialogElement>(null);

  const leavingLegacy = plan?.choice.plan === 'legacy' && kind === 'change-plan' && values.changePlan.plan !== 'legacy';
  const charge = preview && request ? preview.charges.reduce((sum, c) => sum + c.amount, 0) : 0;
  const monthly = plan?.price.monthly ?? 0;
  const needsConfirm = charge > monthly;

  async function record(recorded: AccountEvent) {
    confirmDialog.current?.close();
    const json = JSON.stringify(recorded);
    const err = await change('event-add', { event: recorded });
    setRecordError(err ? { for: json, error: err } : null);
    if (err) return;
    notifyChange(`${KINDS.find((k) => k.kind === recorded.type)!.label.split(' (')[0]} recorded for ${fmtDate(recorded.date)}`);
    setConfirmLegacy(false);
    // This kind starts afresh; what was typed for the other kinds stays.
    reset({ ...getValues(), [key]: defaults[key] });
    useDrafts.getState().put(DRAFT, getValues());
    void trigger();
  }

  function submit(recorded: AccountEvent) {
    if (error || (leavingLegacy && !confirmLegacy)) return;
    if (needsConfirm) return confirmDialog.current?.showModal();
    return record(recorded);
  }

  /** A text field of this kind, with its problem said under it. */
  function field(name: string, label: string, inputMode: 'decimal' | 'numeric') {
    const path = `${key}.${name}` as FieldPath<EventValues>;
    const state = form.getFieldState(path, formState);
    const message = state.isDirty || formState.isSubmitted ? state.error?.message : undefined;
    const id = `event-${key}-${name}-error`;
    return (
      <label key={path}>
        {label}
        <input inputMode={inputMode} autoComplete="off" {...register(path)} aria-invalid={state.invalid} aria-describedby={id} />
        <span className="field-error" id={id}>
          {message}
        </span>
      </label>
    );
  }

  const kindLabel = KINDS.find((k) => k.kind === kind)!.label.split(' (')[0];
  const when = tenseOf(values[key].date);
  return (
    <form className="event-form" onSubmit={(e) => void handleSubmit(submit)(e)} aria-label="Record a change" noValidate>
      <label>
        What changed
        <select {...register('kind')}>
          {KINDS.filter((k) => !('business' in k) || plan?.choice.plan === 'business').map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <label key={`${key}.date`}>
        On
        <input type="date" {...register(`${key}.date`)} />
      </label>
      {kind === 'change-plan' && (
        <>
          <label>
            To
            <select {...register('changePlan.plan')}>
              <option value="" disabled>
                Choose a plan
              </option>
              <option value="creator">Creator</option>
              <option value="pro">Pro</option>
              <option value="business">Business</option>
              <option value="enterprise">Enterprise</option>
              <option value="free">Free (cancel)</option>
              {plan?.choice.plan === 'legacy' && <option value="legacy">Legacy (new price)</option>}
            </select>
          </label>
          {(values.changePlan.plan === 'pro' || values.changePlan.plan === 'enterprise') && field('credits', 'Credits a month', 'numeric')}
          {(values.changePlan.plan === 'enterprise' || values.changePlan.plan === 'legacy') && field('price', 'Price a month (USD)', 'decimal')}
        </>
      )}
      {(kind === 'change-plan' || kind === 'avatar-slots') && (
        <label key={`${key}.billing`}>
          Billing
          <select {...register(kind === 'change-plan' ? 'changePlan.billing' : 'avatarSlots.billing')}>
            <option value="monthly">monthly</option>
            <option value="annual">annual</option>
          </select>
        </label>
      )}
      {kind === 'balance-check' && field('balance', 'Balance shown', 'decimal')}
      {kind === 'seats' && field('count', 'Seats', 'numeric')}
      {kind === 'avatar-slots' && field('count', 'Slots', 'numeric')}
      {kind === 'auto-reload' && (
        <fieldset className="choice">
          <legend>Auto-reload</legend>
          <label>
            <input type="radio" value="on" {...register('autoReload.reload')} /> On
          </label>
          <label>
            <input type="radio" value="off" {...register('autoReload.reload')} /> Off
          </label>
        </fieldset>
      )}
      {(kind === 'addon' || (kind === 'auto-reload' && values.autoReload.reload !== 'off')) && field('blocks', 'Blocks of 100 credits', 'numeric')}
      {kind === 'auto-reload' && values.autoReload.reload !== 'off' && field('threshold', 'When the balance falls below', 'decimal')}
      <div className="preview" aria-live="polite" aria-label="What this does">
        {error ? (
          <p role="alert" className="form-error">
            {errorWords(error)}
          </p>
        ) : preview && request ? (
          <>
            <p className="preview__when">{when.lead}</p>
            {preview.notes.map((n) => (
              <p key={n}>{fmtSentence(n)}</p>
            ))}
            {preview.charges.map((c) => (
              <p key={c.reason}>
                {when.charge} <strong>{fmtMoney(c.amount)}</strong> {when.on} <AssumptionBadge ids={c.assumptions} /> · {fmtSentence(c.reason)}
              </p>
            ))}
            <p className="muted">
              Balance {when.on}: {fmtCredits(preview.balanceBefore)} → <strong>{fmtCredits(preview.balanceAfter)}</strong>
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
      <button type="submit" disabled={!formState.isValid || error !== null || (leavingLegacy && !confirmLegacy)}>
        Record
      </button>
      <dialog ref={confirmDialog} className="card confirm" aria-labelledby="event-confirm-title">
        <h2 id="event-confirm-title">
          Record a charge of {fmtMoney(charge)} {when.on}?
        </h2>
        <p>
          {kindLabel} {when.on} {when.charges} <strong>{fmtMoney(charge)}</strong>, more than {plan ? `the plan’s ${fmtMoney(monthly)} a month` : 'nothing, as on Free'}.
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={() => confirmDialog.current?.close()}>
            Back
          </button>
          <button type="button" className="primary" onClick={() => event && void record(event)}>
            Record and charge {fmtMoney(charge)}
          </button>
        </div>
      </dialog>
    </form>
  );
}
