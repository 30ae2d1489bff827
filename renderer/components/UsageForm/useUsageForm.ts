/**
 * The usage form's state: its values (kept as a draft), what they cost, the
 * date after today asked about, where the keys go next, the edit refused for
 * another window's change, and saving (a new entry or an edit).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useForm, useWatch, type UseFormReturn } from 'react-hook-form';
import type { UsageRow } from '../../../shared/api.ts';
import { RATE_CARD_2026_11, rateOf, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import { measureCost } from '../../../shared/engine/cost.ts';
import type { AppError } from '../../../shared/errors.ts';
import { memberKey } from '../../../shared/formats/fields.ts';
import { ZERO_CREDITS } from '../../../shared/units.ts';
import { todayIso } from '../../format.ts';
import { draftClear, draftOf, useDraft } from '../../store/drafts.ts';
import { useStore } from '../../store/store.ts';
import { isStale } from '../Conflict/Conflict.tsx';
import type { Props } from './UsageForm.tsx';
import { memberRemember, memberRemembered } from '../../store/memberMemory.ts';
import { dateAhead, usageDefaults, usageFormSchema, usageValuesOf, type UsageInput, type UsageValues } from './usageValues.ts';

/** A new entry's values: the draft kept under `key` (if any), naming the member last used on this device, whatever the draft held. */
function entryStart(key: string | null): UsageValues {
  const fresh = usageDefaults(memberRemembered());
  const draft = key ? draftOf<Partial<UsageValues>>(key) : undefined;
  return draft ? { ...fresh, ...draft, member: fresh.member } : fresh;
}

/**
 * Where the keys go next, once the feature picked has drawn its amount field (with its own default in it): into a
 * field, its text selected to type over or the cursor after what was typed early, or a save.
 */
export type Next = { readonly to: 'save' } | { readonly to: NextField; readonly cursor: 'select' | 'end' };
type NextField = 'amount' | 'project' | 'member';

/** Leaving an edit goes back to the new entry being typed; opening one fills the form with the usage. */
function useEditing(form: UseFormReturn<UsageValues, unknown, UsageInput>, capture: Props['capture'], editing: UsageRow | null, cleared: () => void): void {
  const { reset, setFocus, trigger } = form;
  const wasEditing = useRef(false);
  useEffect(() => {
    if (capture) return;
    if (!editing) {
      // Leaving an edit (saved or cancelled): back to the new entry that was being typed, if any.
      if (wasEditing.current) reset(entryStart('usage-log'));
      wasEditing.current = false;
      return;
    }
    wasEditing.current = true;
    reset(usageValuesOf(editing, editing.date));
    cleared();
    void trigger();
    setFocus('feature');
  }, [editing, capture, reset, setFocus, trigger, cleared]);
}

/** Moves the cursor where `next` says, before the next key is handled (which would otherwise go where the cursor was). */
function useNext(next: Next | null, fields: Readonly<Record<NextField, RefObject<HTMLInputElement | null>>>, formEl: RefObject<HTMLFormElement | null>): void {
  useLayoutEffect(() => {
    if (!next) return;
    if (next.to === 'save') return formEl.current?.requestSubmit();
    const el = fields[next.to].current;
    el?.focus();
    if (next.cursor === 'select') el?.select();
    else el?.setSelectionRange(el.value.length, el.value.length);
  }, [next, fields, formEl]);
}

/** The text typed early into a picker and not picked: the picker shows it with its matches listed. */
export type TypedFirst = Partial<Record<'feature' | 'project' | 'member', string>>;

/** What was typed while the quick entry's code loaded: its feature picked, its amount, project and member, where the cursor was, its Enter. */
function useEarly(form: UseFormReturn<UsageValues, unknown, UsageInput>, capture: Props['capture'], setNext: (next: Next) => void): TypedFirst {
  const { setValue, trigger } = form;
  const early = capture?.early;
  const earlyTaken = useRef(false);
  useLayoutEffect(() => {
    if (earlyTaken.current || !early) return;
    earlyTaken.current = true;
    const feature = early.picked as FeatureId | undefined;
    const dirty = { shouldDirty: true };
    if (feature) setValue('feature', feature, dirty);
    if (feature && early.amount !== null) setValue(rateOf(RATE_CARD_2026_11, feature)!.basis.kind === 'time' ? 'length' : 'count', early.amount, dirty);
    for (const name of ['project', 'member'] as const) {
      const { text } = early[name];
      if (text !== null) setValue(name, text, dirty);
    }
    void trigger();
    if (early.submitted) return setNext({ to: 'save' });
    // The feature field has the cursor already (the quick entry puts it there).
    if (early.at === 'feature') return;
    setNext({ to: early.at, cursor: (early.at === 'amount' ? early.amount : early[early.at].text) === null ? 'select' : 'end' });
  }, [early, setValue, trigger, setNext]);
  if (!early || early.submitted) return {};
  if (early.at === 'feature') return early.picked ? {} : { feature: early.feature };
  if (early.at === 'amount') return {};
  const name = early[early.at];
  return name.typing && name.text ? { [early.at]: name.text } : {};
}

export function useUsageForm({ capture }: Pick<Props, 'capture'>) {
  const change = useStore((s) => s.change);
  const usageAdd = useStore((s) => s.usageAdd);
  const editRevision = useStore((s) => s.editRevision);
  const edit = useStore((s) => s.edit);
  // The account's own rounding, as the engine will apply it when the usage is recorded.
  const rounding = useStore((s) => s.app?.catalog.rounding);
  const free = useStore((s) => (s.app?.view?.ledger.onFree ? s.app.view.ledger.freeVideos : null));
  const selected = useStore((s) => s.editing);
  const members = useStore((s) => s.app?.view?.members);
  const draftKey = capture ? 'usage-capture' : selected ? null : 'usage-log';
  const form = useForm<UsageValues, unknown, UsageInput>({
    resolver: zodResolver(usageFormSchema),
    mode: 'onChange',
    defaultValues: entryStart(draftKey),
  });
  const { control, reset, trigger, formState, watch, getValues } = form;
  useDraft(draftKey, watch);
  const [error, setError] = useState<AppError | null>(null);
  /** The edit refused because another window changed the usage since it was opened: Overwrite saves it anyway. */
  const [refused, setRefused] = useState<UsageInput | null>(null);
  const amountEl = useRef<HTMLInputElement | null>(null);
  const projectEl = useRef<HTMLInputElement | null>(null);
  const memberEl = useRef<HTMLInputElement | null>(null);
  const formEl = useRef<HTMLFormElement | null>(null);
  const submitEl = useRef<HTMLButtonElement | null>(null);
  // The date after today the user was asked about: saving again saves it.
  const [aheadAsked, setAheadAsked] = useState<string | null>(null);
  const [next, setNext] = useState<Next | null>(null);

  useEffect(() => {
    // Start valid or not as the values stand (a restored draft may be complete).
    void trigger();
  }, [trigger]);

  const cleared = useCallback(() => {
    setError(null);
    setRefused(null);
  }, []);
  useEditing(form, capture, selected, cleared);
  /** The usage this form edits (the quick entry only adds). */
  const editing = capture ? null : selected;

  const values = useWatch({ control });
  const rate = rateOf(RATE_CARD_2026_11, values.feature ?? '') ?? rateOf(RATE_CARD_2026_11, 'avatar-iv')!;
  const parsed = usageFormSchema.safeParse(values);
  const cost = parsed.success ? measureCost(RATE_CARD_2026_11, parsed.data, rounding ?? RATE_CARD_2026_11.rounding) : null;
  const usualProject = capture?.usual.has(values.project?.trim() ?? '') ? (values.project?.trim() ?? '') : '';
  const usual = capture ? (capture.usual.get(usualProject) ?? []).slice(0, 5) : [];
  const ahead = dateAhead(values.date ?? '', todayIso());
  const asked = ahead !== null && aheadAsked === values.date;

  const [nextFields] = useState(() => ({ amount: amountEl, project: projectEl, member: memberEl }));
  useNext(next, nextFields, formEl);
  const typedFirst = useEarly(form, capture, setNext);

  // Once saving was tried with a date after today, the warning asks, and the cursor waits on Log anyway.
  const askNow = asked && !formState.isSubmitting;
  useEffect(() => {
    if (askNow) submitEl.current?.focus();
  }, [askNow]);

  const fresh = useCallback(() => {
    reset(usageDefaults(memberRemembered()));
    if (draftKey) draftClear(draftKey);
    void trigger();
  }, [reset, draftKey, trigger]);

  /** Save the entry; an edit says the revision it was opened at, and `force` saves it over another window's change. */
  async function submit(input: UsageInput, force = false) {
    if (!force && dateAhead(input.date, todayIso()) && aheadAsked !== input.date) {
      setAheadAsked(input.date);
      return;
    }
    if (editing) {
      const err = await change('usage-edit', { id: editing.id, ...input, ...(editRevision === null ? {} : { revision: editRevision }), ...(force ? { force } : {}) });
      setError(err);
      setRefused(isStale(err, 'event') ? input : null);
      if (!err) edit(null);
      return;
    }
    // A new entry shows in the log at once, with the cost shown here, until the saved one is read; and the form is
    // ready for the next one at once, so that what is typed next is not wiped when the save is answered.
    const estimate = { credits: free ? ZERO_CREDITS : (cost ?? ZERO_CREDITS), freeVideos: free ? (input.videos ?? 1) : 0 };
    const typed = getValues();
    // Remembered as the account writes them ("ana" typed is its Ana), as the next entry will show them.
    memberRemember(input.by === undefined ? '' : (members?.find((m) => memberKey(m) === memberKey(input.by!)) ?? input.by));
    fresh();
    setAheadAsked(null);
    const err = await usageAdd(input, estimate);
    setError(err);
    // Not saved: the entry is back in the form, with why.
    if (err) reset(typed);
    else capture?.onSaved(input);
  }

  function repeat() {
    if (!capture?.last) return;
    reset(usageValuesOf(capture.last, todayIso()));
    void trigger();
    // On to the project: the likeliest thing to change in a repeated entry.
    projectEl.current?.focus();
  }

  /** Into the amount field (one field, for a length or a count), its text selected to type over. */
  function toAmount() {
    setNext({ to: 'amount', cursor: 'select' });
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

  // A field's problem shows once it has been typed in (or a save was tried), not while the form is still blank.
  const fieldError = (name: keyof UsageValues) => (formState.dirtyFields[name] || formState.isSubmitted ? formState.errors[name]?.message : undefined);
  const errorId = (name: keyof UsageValues) => `usage-${capture ? 'capture' : 'log'}-${name}-error`;

  return { form, capture, editing, edit, values, rate, parsed, cost, free, usual, usualProject, ahead, asked, error, refused, refs: { amountEl, projectEl, memberEl, formEl, submitEl }, typedFirst, submit, repeat, toAmount, usualKey, fieldError, errorId };
}

export type UsageFormState = ReturnType<typeof useUsageForm>;
