/**
 * The "record a change" form's state: its values (kept as a draft), the event
 * they make, the engine's preview of it, the confirmations it needs (leaving the
 * legacy plan, a charge above the plan's monthly price) and recording it.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { AppError } from '../../../shared/errors.ts';
import type { AccountEvent } from '../../../shared/formats/account.ts';
import { fmtDate } from '../../format.ts';
import { draftOf, draftPut, draftSaving, useDraft } from '../../store/drafts.ts';
import { useStore } from '../../store/store.ts';
import { useCall } from '../../useCall.ts';
import type { Props } from './EventForm.tsx';
import { eventDefaults, eventFormSchema, keyOf, KINDS, type EventValues } from './eventValues.ts';

const DRAFT = 'event-form';

export function useEventForm({ plan }: Props) {
  const change = useStore((s) => s.change);
  const notifyChange = useStore((s) => s.notifyChange);
  const defaults = useMemo(() => eventDefaults(plan), [plan]);
  const form = useForm<EventValues, unknown, AccountEvent>({
    resolver: zodResolver(eventFormSchema),
    mode: 'onChange',
    defaultValues: draftOf<EventValues>(DRAFT) ?? defaults,
  });
  const { control, reset, getValues, trigger } = form;
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
    const err = await draftSaving([DRAFT], () => change('event-add', { event: recorded }));
    setRecordError(err ? { for: json, error: err } : null);
    if (err) return;
    notifyChange(`${KINDS.find((k) => k.kind === recorded.type)!.label.split(' (')[0]} recorded for ${fmtDate(recorded.date)}`);
    setConfirmLegacy(false);
    // This kind starts afresh; what was typed for the other kinds stays.
    reset({ ...getValues(), [key]: defaults[key] });
    draftPut(DRAFT, getValues());
    void trigger();
  }

  function submit(recorded: AccountEvent) {
    if (error || (leavingLegacy && !confirmLegacy)) return;
    if (needsConfirm) return confirmDialog.current?.showModal();
    return record(recorded);
  }

  const kindLabel = KINDS.find((k) => k.kind === kind)!.label.split(' (')[0];
  return { form, plan, values, kind, key, event, request, preview, error, leavingLegacy, confirmLegacy, setConfirmLegacy, confirmDialog, charge, monthly, kindLabel, record, submit };
}

export type EventFormState = ReturnType<typeof useEventForm>;
