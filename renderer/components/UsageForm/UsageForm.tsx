import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import type { UsageRow } from '../../../shared/api.ts';
import { featureSearch } from '../../../shared/catalog/featureNames.ts';
import { RATE_CARD_2026_11, rateOf, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import { measureCost } from '../../../shared/engine/cost.ts';
import { freeUsageText } from '../../../shared/view.ts';
import type { AppError } from '../../../shared/errors.ts';
import { ZERO_CREDITS } from '../../../shared/units.ts';
import { creditsWord, fmtCredits, fmtDate, fmtIn, todayIso } from '../../format.ts';
import { creditsLabel } from '../../../shared/text.ts';
import { draftClear, draftOf, useDraft } from '../../store/drafts.ts';
import { useStore } from '../../store/store.ts';
import { FormError } from '../FormError/FormError.tsx';
import { Conflict, isStale } from '../Conflict/Conflict.tsx';
import type { EarlyEntry } from '../Capture/earlyEntry.ts';
import { Picker, type Choice } from '../Picker/Picker.tsx';
import { dateAhead, lengthUnit, usageDefaults, usageFormSchema, usageValuesOf, type UsageInput, type UsageValues } from './usageValues.ts';

export type Props = {
  readonly projects: readonly string[];
  /** The quick entry opened from anywhere: its own draft, the last entry to repeat, a project's usual features. */
  readonly capture?: {
    readonly last: UsageRow | null;
    /** The features used most for each project ('' for no project), most used first. */
    readonly usual: ReadonlyMap<string, readonly FeatureId[]>;
    readonly onSaved: (input: UsageInput) => void;
    /** What was typed before the form's code had loaded, to take as typed here. */
    readonly early?: EarlyEntry | undefined;
  };
};

const featureName = (id: string) => rateOf(RATE_CARD_2026_11, id)?.name ?? id;

/** Select a number field's text as it takes the cursor: what is typed replaces the default, never follows it. */
const selectAll = (e: FocusEvent<HTMLInputElement>) => e.target.select();

/**
 * Log a usage, keyboard first: the feature (typed: "iv", "veo"), how much, for
 * which project; the cost shows before saving, and Enter saves. A date after
 * today is said before saving, and saved once the user saves again. With a usage
 * picked for editing, the same form edits it. What is typed is kept as a draft
 * until it is saved or cancelled.
 */
export function UsageForm({ projects, capture }: Props) {
  const change = useStore((s) => s.change);
  const usageAdd = useStore((s) => s.usageAdd);
  const editing = useStore((s) => s.editing);
  const editRevision = useStore((s) => s.editRevision);
  const edit = useStore((s) => s.edit);
  // The account's own rounding, as the engine will apply it when the usage is recorded.
  const rounding = useStore((s) => s.app?.catalog.rounding);
  const free = useStore((s) => (s.app?.view?.ledger.onFree ? s.app.view.ledger.freeVideos : null));
  const draftKey = capture ? 'usage-capture' : editing ? null : 'usage-log';
  const form = useForm<UsageValues, unknown, UsageInput>({
    resolver: zodResolver(usageFormSchema),
    mode: 'onChange',
    defaultValues: (draftKey && draftOf<UsageValues>(draftKey)) || usageDefaults(),
  });
  const { control, register, handleSubmit, reset, setFocus, setValue, trigger, formState, watch } = form;
  useDraft(draftKey, watch);
  const [error, setError] = useState<AppError | null>(null);
  /** The edit refused because another window changed the usage since it was opened: Overwrite saves it anyway. */
  const [refused, setRefused] = useState<UsageInput | null>(null);
  const amountEl = useRef<HTMLInputElement | null>(null);
  const projectEl = useRef<HTMLInputElement | null>(null);
  const formEl = useRef<HTMLFormElement | null>(null);
  const submitEl = useRef<HTMLButtonElement | null>(null);
  // The date after today the user was asked about: saving again saves it.
  const [aheadAsked, setAheadAsked] = useState<string | null>(null);
  /**
   * Where the keys go next, once the feature picked has drawn its amount field (with its own default in it): into
   * the amount, its text selected to type over (or the cursor after an amount typed early), or a save.
   */
  const [next, setNext] = useState<{ readonly to: 'amount' | 'amount-end' | 'save' } | null>(null);

  useEffect(() => {
    // Start valid or not as the values stand (a restored draft may be complete).
    void trigger();
  }, [trigger]);

  const wasEditing = useRef(false);
  useEffect(() => {
    if (capture) return;
    if (!editing) {
      // Leaving an edit (saved or cancelled): back to the new entry that was being typed, if any.
      if (wasEditing.current) reset(draftOf<UsageValues>('usage-log') || usageDefaults());
      wasEditing.current = false;
      return;
    }
    wasEditing.current = true;
    reset(usageValuesOf(editing, editing.date));
    setError(null);
    setRefused(null);
    void trigger();
    setFocus('feature');
  }, [editing, capture, reset, setFocus, trigger]);

  const values = useWatch({ control });
  const rate = rateOf(RATE_CARD_2026_11, values.feature ?? '') ?? rateOf(RATE_CARD_2026_11, 'avatar-iv')!;
  const timed = rate.basis.kind === 'time';
  const parsed = usageFormSchema.safeParse(values);
  const cost = parsed.success ? measureCost(RATE_CARD_2026_11, parsed.data, rounding ?? RATE_CARD_2026_11.rounding) : null;
  const usualProject = capture?.usual.has(values.project?.trim() ?? '') ? (values.project?.trim() ?? '') : '';
  const usual = capture ? (capture.usual.get(usualProject) ?? []).slice(0, 5) : [];
  const ahead = dateAhead(values.date ?? '', todayIso());
  const asked = ahead !== null && aheadAsked === values.date;

  // Before the next key is handled, which would otherwise go where the cursor was.
  useLayoutEffect(() => {
    if (!next) return;
    if (next.to === 'save') return formEl.current?.requestSubmit();
    const el = amountEl.current;
    el?.focus();
    if (next.to === 'amount') el?.select();
    else el?.setSelectionRange(el.value.length, el.value.length);
  }, [next]);

  // Once saving was tried with a date after today, the warning asks, and the cursor waits on Log anyway.
  const askNow = asked && !formState.isSubmitting;
  useEffect(() => {
    if (askNow) submitEl.current?.focus();
  }, [askNow]);

  const fresh = useCallback(() => {
    reset(usageDefaults());
    if (draftKey) draftClear(draftKey);
    void trigger();
  }, [reset, draftKey, trigger]);

  /** Save the entry; an edit says the revision it was opened at, and `force` saves it over another window's change. */
  async function submit(input: UsageInput, force = false) {
    if (!force && dateAhead(input.date, todayIso()) && aheadAsked !== input.date) {
      setAheadAsked(input.date);
      return;
    }
    // A new entry shows in the log at once, with the cost shown here, until the saved one is read.
    const estimate = { credits: free ? ZERO_CREDITS : (cost ?? ZERO_CREDITS), freeVideos: free ? (input.videos ?? 1) : 0 };
    const err = editing && !capture ? await change('usage-edit', { id: editing.id, ...input, ...(editRevision === null ? {} : { revision: editRevision }), ...(force ? { force } : {}) }) : await usageAdd(input, estimate);
    setError(err);
    setRefused(isStale(err, 'event') ? input : null);
    if (err) return;
    if (editing && !capture) return edit(null);
    fresh();
    setAheadAsked(null);
    if (capture) capture.onSaved(input);
    else setFocus('feature');
  }

  function repeat() {
    if (!capture?.last) return;
    reset(usageValuesOf(capture.last, usageDefaults().date));
    void trigger();
    // On to the project: the likeliest thing to change in a repeated entry.
    projectEl.current?.focus();
  }

  /** In the feature field, before anything is typed, a digit picks that usual feature. */
  function usualKey(e: KeyboardEvent<HTMLInputElement>, typed: boolean, pick: (id: FeatureId) => void): boolean {
    const n = Number(e.key);
    if (typed || e.ctrlKey || e.metaKey || e.altKey || !Number.isInteger(n) || n < 1 || !usual[n - 1]) return false;
    e.preventDefault();
    pick(usual[n - 1]!);
    toAmount();
    return true;
  }

  /** Into the amount field (one field, for a length or a count), its text selected to type over. */
  function toAmount() {
    setNext({ to: 'amount' });
  }

  // A field's problem shows once it has been typed in (or a save was tried), not while the form is still blank.
  const fieldError = (name: keyof UsageValues) => (formState.dirtyFields[name] || formState.isSubmitted ? formState.errors[name]?.message : undefined);
  const errorId = (name: keyof UsageValues) => `usage-${capture ? 'capture' : 'log'}-${name}-error`;
  const aheadId = `usage-${capture ? 'capture' : 'log'}-date-ahead`;
  const anyway = editing && !capture ? 'Save anyway' : 'Log anyway';
  const amountName = timed ? 'length' : 'count';
  const amount = register(amountName);
  const projectChoices = useMemo(
    () => (text: string): Choice[] => {
      const t = text.trim().toLowerCase();
      const starts = projects.filter((p) => p.toLowerCase().startsWith(t));
      return [...starts, ...projects.filter((p) => !starts.includes(p) && p.toLowerCase().includes(t))].map((p) => ({ value: p, label: p }));
    },
    [projects],
  );
  const same = useCallback((v: string) => v, []);
  // Equal matches are ordered by what this user logs most (known to the quick entry).
  const mostUsed = capture?.usual.get('');
  const featureChoices = useCallback((text: string): Choice[] => featureSearch(text, mostUsed).map((id) => ({ value: id, label: featureName(id) })), [mostUsed]);

  // What was typed while the quick entry's code loaded: its feature picked (or its text left to pick from), its amount, its Enter.
  const early = capture?.early;
  const [earlyPick] = useState(() => (early?.picked ? featureSearch(early.feature, mostUsed)[0] : undefined));
  const earlyTaken = useRef(false);
  useLayoutEffect(() => {
    if (earlyTaken.current || !early || !earlyPick) return;
    earlyTaken.current = true;
    setValue('feature', earlyPick, { shouldDirty: true });
    if (early.amount) setValue(rateOf(RATE_CARD_2026_11, earlyPick)!.basis.kind === 'time' ? 'length' : 'count', early.amount, { shouldDirty: true });
    void trigger();
    setNext({ to: early.submitted ? 'save' : early.amount ? 'amount-end' : 'amount' });
  }, [early, earlyPick, setValue, trigger]);

  return (
    <form
      ref={formEl}
      className="usage-form"
      onSubmit={(e) => void handleSubmit((input) => submit(input))(e)}
      onKeyDown={(e) => {
        if (capture && e.altKey && e.key.toLowerCase() === 'r') {
          e.preventDefault();
          repeat();
        }
      }}
      aria-label={capture ? 'Quick entry' : editing ? 'Edit the usage' : 'Log a usage'} noValidate>
      <div className="usage-form__feature">
        <Controller
          control={control}
          name="feature"
          render={({ field }) => (
            <Picker
              label="Feature"
              inputRef={field.ref}
              value={field.value}
              typedFirst={early && !earlyPick ? early.feature : undefined}
              display={featureName}
              search={featureChoices}
              onPick={(v) => {
                field.onChange(v);
                void trigger();
              }}
              onPicked={toAmount}
              onKey={(e, typed) =>
                usualKey(e, typed, (id) => {
                  field.onChange(id);
                  void trigger();
                })
              }
              placeholder="type: iv, veo, translation"
              nothing={(text) => `no feature is called “${text}”`}
            />
          )}
        />
        <span className="muted usage-form__rate">
          {creditsLabel(rate.credits)} / {rate.basis.label}
        </span>
        {usual.length > 0 && (
          <span className="muted usage-form__usual" data-testid="usual-features">
            {usualProject ? `Usual for ${usualProject}:` : 'Usual:'}{' '}
            {usual.map((id, i) => (
              <span key={id}>
                <kbd>{i + 1}</kbd> {featureName(id)}{' '}
              </span>
            ))}
          </span>
        )}
      </div>
      <label>
        {timed ? 'Length of each video' : `How many (${rate.basis.label}s)`}
        <input
          inputMode={timed ? 'text' : 'numeric'}
          placeholder={timed ? (lengthUnit(rate) === 'minutes' ? 'minutes, or 90s, 1:30' : 'seconds, or 1:30') : undefined}
          {...amount}
          onFocus={selectAll}
          ref={(el) => {
            amount.ref(el);
            amountEl.current = el;
          }}
          aria-invalid={fieldError(amountName) !== undefined} aria-describedby={errorId(amountName)} autoComplete="off" />
        <span className="field-error" id={errorId(amountName)}>
          {fieldError(amountName)}
        </span>
      </label>
      <Controller
        control={control}
        name="project"
        render={({ field }) => (
          <Picker
            label="Project"
            inputRef={(el) => {
              field.ref(el);
              projectEl.current = el;
            }}
            value={field.value}
            display={same}
            search={projectChoices}
            onPick={(v) => {
              field.onChange(v);
              void trigger();
            }}
            free
            placeholder="optional"
          />
        )}
      />
      {timed && (
        <label>
          Videos
          <input inputMode="numeric" {...register('videos')} onFocus={selectAll} placeholder="1" aria-invalid={fieldError('videos') !== undefined} aria-describedby={errorId('videos')} autoComplete="off" />
          <span className="field-error" id={errorId('videos')}>
            {fieldError('videos')}
          </span>
        </label>
      )}
      <label>
        Date
        <input type="date" {...register('date')} aria-invalid={fieldError('date') !== undefined} aria-describedby={`${errorId('date')} ${aheadId}`} />
        <span className="field-error" id={errorId('date')}>
          {fieldError('date')}
        </span>
      </label>
      {ahead && (
        <p className="usage-form__ahead" id={aheadId} data-testid="date-ahead" role="status">
          <strong>{fmtDate(values.date!)} is after today</strong> ({fmtIn(ahead.count, ahead.unit)}).{' '}
          {asked ? `Press ${anyway} (Enter) to keep this date, or change it.` : 'Is the date right?'}
        </p>
      )}
      <div className="usage-form__cost" aria-live="polite">
        {cost === null ? 'Type how much to see the cost' : free && parsed.success ? freeUsageText(free, parsed.data) : <>Costs <strong data-testid="usage-cost">{fmtCredits(cost)}</strong> {creditsWord(cost)}</>}
      </div>
      <div className="usage-form__actions">
        <button type="submit" ref={submitEl} disabled={!formState.isValid || formState.isSubmitting}>
          {asked ? anyway : editing && !capture ? 'Save changes' : 'Log usage'}
        </button>
        {editing && !capture && (
          <button type="button" onClick={() => edit(null)}>
            Cancel
          </button>
        )}
        {capture?.last && (
          <button type="button" onClick={repeat} aria-keyshortcuts="Alt+R" title="Alt+R">
            Repeat last entry
          </button>
        )}
      </div>
      {refused && isStale(error, 'event') ? <Conflict error={error} onReload={() => edit(null)} onOverwrite={() => void submit(refused, true)} hint="Reload to see their version in the list (your edit here is dropped), or overwrite it with yours." /> : <FormError error={error} />}
    </form>
  );
}
