import type { FieldPath } from 'react-hook-form';
import type { PlanStatus } from '../../../shared/engine/ledger.ts';
import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { errorWords } from '../../components/FormError/FormError.tsx';
import { daysBetween, isIsoDate } from '../../../shared/dates.ts';
import { chargeText, noteText } from '../../../shared/wording.ts';
import { fmtCredits, fmtDate, fmtInDays, fmtMoney, SCREEN_WORDS, todayIso } from '../../format.ts';
import { KINDS, type EventValues } from './eventValues.ts';
import { useEventForm, type EventFormState } from './useEventForm.ts';

export type Props = { readonly plan: PlanStatus | null };

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
export function EventForm(props: Props) {
  const state = useEventForm(props);
  const { form, plan, key, error, leavingLegacy, confirmLegacy, setConfirmLegacy, submit } = state;
  const { register, handleSubmit, formState } = form;
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
      <KindFields state={state} />
      <div className="preview" aria-live="polite" aria-label="What this does">
        <PreviewText state={state} />
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
      <ConfirmCharge state={state} />
    </form>
  );
}

type StateProps = { readonly state: EventFormState };

/** A text field of this kind, with its problem said under it. */
function TextField({ state: { form, key }, name, label, inputMode }: StateProps & { readonly name: string; readonly label: string; readonly inputMode: 'decimal' | 'numeric' }) {
  const path = `${key}.${name}` as FieldPath<EventValues>;
  const fieldState = form.getFieldState(path, form.formState);
  const message = fieldState.isDirty || form.formState.isSubmitted ? fieldState.error?.message : undefined;
  const id = `event-${key}-${name}-error`;
  return (
    <label>
      {label}
      <input inputMode={inputMode} autoComplete="off" {...form.register(path)} aria-invalid={fieldState.invalid} aria-describedby={id} />
      <span className="field-error" id={id}>
        {message}
      </span>
    </label>
  );
}

/** The fields of the kind of change chosen. */
function KindFields({ state }: StateProps) {
  const { form, plan, kind, key, values } = state;
  const { register } = form;
  const field = (name: string, label: string, inputMode: 'decimal' | 'numeric') => <TextField key={`${key}.${name}`} state={state} name={name} label={label} inputMode={inputMode} />;
  return (
    <>
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
    </>
  );
}

/** What the engine says recording it will do, in the tense of its date; or why it cannot be recorded. */
function PreviewText({ state: { error, preview, request, values, key } }: StateProps) {
  const when = tenseOf(values[key].date);
  return error ? (
    <p role="alert" className="form-error">
      {errorWords(error)}
    </p>
  ) : preview && request ? (
    <>
      <p className="preview__when">{when.lead}</p>
      {preview.notes.map((n) => noteText(n, SCREEN_WORDS)).map((text) => (
        <p key={text}>{text}</p>
      ))}
      {preview.charges.map((c, i) => (
        <p key={i}>
          {when.charge} <strong>{fmtMoney(c.amount)}</strong> {when.on} <AssumptionBadge ids={c.assumptions} /> · {chargeText(c.reason, SCREEN_WORDS)}
        </p>
      ))}
      <p className="muted">
        Balance {when.on}: {fmtCredits(preview.balanceBefore)} → <strong>{fmtCredits(preview.balanceAfter)}</strong>
      </p>
    </>
  ) : null;
}

/** A charge above the plan's monthly price is recorded once the user has seen its amount. */
function ConfirmCharge({ state: { plan, values, key, event, charge, monthly, kindLabel, confirmDialog, record } }: StateProps) {
  const when = tenseOf(values[key].date);
  return (
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
  );
}
