import { useCallback, useMemo, type FocusEvent } from 'react';
import { Controller } from 'react-hook-form';
import type { UsageRow } from '../../../shared/api.ts';
import { featureSearch } from '../../../shared/catalog/featureNames.ts';
import { RATE_CARD_2026_11, rateOf, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import { freeUsageText } from '../../../shared/wording.ts';
import { creditsWord, fmtCredits, fmtDate, fmtIn, SCREEN_WORDS } from '../../format.ts';
import { creditsLabel } from '../../../shared/text.ts';
import { FormError } from '../FormError/FormError.tsx';
import { Conflict, isStale } from '../Conflict/Conflict.tsx';
import type { EarlyEntry } from '../Capture/earlyEntry.ts';
import { Picker, type Choice } from '../Picker/Picker.tsx';
import { nameChoices } from '../Picker/nameChoices.ts';
import { useUsageForm, type UsageFormState } from './useUsageForm.ts';
import { lengthUnit, type UsageInput } from './usageValues.ts';

export type Props = {
  readonly projects: readonly string[];
  /** The members the account's usages name: the member field suggests them. */
  readonly members: readonly string[];
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
const same = (v: string) => v;

/** Select a number field's text as it takes the cursor: what is typed replaces the default, never follows it. */
const selectAll = (e: FocusEvent<HTMLInputElement>) => e.target.select();

/** The button's words once a date after today was asked about. */
const anywayLabel = (editing: UsageRow | null) => (editing ? 'Save anyway' : 'Log anyway');

/**
 * Log a usage, keyboard first: the feature (typed: "iv", "veo"), how much, for
 * which project; the cost shows before saving, and Enter saves. A date after
 * today is said before saving, and saved once the user saves again. With a usage
 * picked for editing, the same form edits it. What is typed is kept as a draft
 * until it is saved or cancelled.
 */
export function UsageForm({ projects, members, capture }: Props) {
  const state = useUsageForm({ capture });
  const { form, editing, refs, submit, repeat, error, refused } = state;
  return (
    <form
      ref={refs.formEl}
      className="usage-form"
      onSubmit={(e) => void form.handleSubmit((input) => submit(input))(e)}
      onKeyDown={(e) => {
        if (capture && e.altKey && e.key.toLowerCase() === 'r') {
          e.preventDefault();
          repeat();
        }
      }}
      aria-label={capture ? 'Quick entry' : editing ? 'Edit the usage' : 'Log a usage'} noValidate>
      <FeatureField state={state} />
      <AmountField state={state} />
      <ProjectField state={state} projects={projects} />
      <MemberField state={state} members={members} />
      <DateFields state={state} />
      <div className="usage-form__cost" aria-live="polite">
        <CostText state={state} />
      </div>
      <Actions state={state} />
      {refused && isStale(error, 'event') ? <Conflict error={error} onReload={() => state.edit(null)} onOverwrite={() => void submit(refused, true)} hint="Reload to see their version in the list (your edit here is dropped), or overwrite it with yours." /> : <FormError error={error} />}
    </form>
  );
}

type StateProps = { readonly state: UsageFormState };

/** The feature, typed ("iv", "veo") and picked; its rate; in the quick entry, the usual ones a digit picks. */
function FeatureField({ state }: StateProps) {
  const { form, capture, rate, usual, usualProject, typedFirst, toAmount, usualKey } = state;
  // Equal matches are ordered by what this user logs most (known to the quick entry).
  const mostUsed = capture?.usual.get('');
  const featureChoices = useCallback((text: string): Choice[] => featureSearch(text, mostUsed).map((id) => ({ value: id, label: featureName(id) })), [mostUsed]);
  return (
    <div className="usage-form__feature">
      <Controller
        control={form.control}
        name="feature"
        render={({ field }) => (
          <Picker
            label="Feature"
            inputRef={field.ref}
            value={field.value}
            typedFirst={typedFirst.feature}
            display={featureName}
            search={featureChoices}
            onPick={(v) => {
              field.onChange(v);
              void form.trigger();
            }}
            onPicked={toAmount}
            onKey={(e, typed) =>
              usualKey(e, typed, (id) => {
                field.onChange(id);
                void form.trigger();
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
  );
}

/** How much: one field, a length for a feature billed by time, else a count. */
function AmountField({ state }: StateProps) {
  const { form, rate, refs, fieldError, errorId } = state;
  const timed = rate.basis.kind === 'time';
  const amountName = timed ? 'length' : 'count';
  const amount = form.register(amountName);
  return (
    <label>
      {timed ? 'Length of each video' : `How many (${rate.basis.label}s)`}
      <input
        inputMode={timed ? 'text' : 'numeric'}
        placeholder={timed ? (lengthUnit(rate) === 'minutes' ? 'minutes, or 90s, 1:30' : 'seconds, or 1:30') : undefined}
        {...amount}
        onFocus={selectAll}
        ref={(el) => {
          amount.ref(el);
          refs.amountEl.current = el;
        }}
        aria-invalid={fieldError(amountName) !== undefined} aria-describedby={errorId(amountName)} autoComplete="off" />
      <span className="field-error" id={errorId(amountName)}>
        {fieldError(amountName)}
      </span>
    </label>
  );
}

/** The project, one of the account's or a new one. */
function ProjectField({ state: { form, refs, typedFirst }, projects }: StateProps & Pick<Props, 'projects'>) {
  const projectChoices = useMemo(() => nameChoices(projects), [projects]);
  return (
    <Controller
      control={form.control}
      name="project"
      render={({ field }) => (
        <Picker
          label="Project"
          inputRef={(el) => {
            field.ref(el);
            refs.projectEl.current = el;
          }}
          value={field.value}
          typedFirst={typedFirst.project}
          display={same}
          search={projectChoices}
          onPick={(v) => {
            field.onChange(v);
            void form.trigger();
          }}
          free
          placeholder="optional"
        />
      )}
    />
  );
}

/** Who made it: one of the account's members (typed any case: "ana" is Ana) or a new one; blank for nobody. The last one used on this device comes filled in. */
function MemberField({ state: { form, refs, typedFirst, fieldError, errorId }, members }: StateProps & Pick<Props, 'members'>) {
  const memberChoices = useMemo(() => nameChoices(members), [members]);
  return (
    <div className="usage-form__member">
      <Controller
        control={form.control}
        name="member"
        render={({ field }) => (
          <Picker
            label="Member"
            inputRef={(el) => {
              field.ref(el);
              refs.memberEl.current = el;
            }}
            value={field.value}
            typedFirst={typedFirst.member}
            display={same}
            search={memberChoices}
            onPick={(v) => {
              field.onChange(v);
              void form.trigger();
            }}
            free
            placeholder="optional: who made it"
            invalid={fieldError('member') !== undefined}
            describedBy={errorId('member')}
          />
        )}
      />
      <span className="field-error" id={errorId('member')}>
        {fieldError('member')}
      </span>
    </div>
  );
}

/** The videos (for a feature billed by time) and the date, with the question a date after today asks. */
function DateFields({ state }: StateProps) {
  const { form, capture, editing, rate, values, ahead, asked, fieldError, errorId } = state;
  const aheadId = `usage-${capture ? 'capture' : 'log'}-date-ahead`;
  return (
    <>
      {rate.basis.kind === 'time' && (
        <label>
          Videos
          <input inputMode="numeric" {...form.register('videos')} onFocus={selectAll} placeholder="1" aria-invalid={fieldError('videos') !== undefined} aria-describedby={errorId('videos')} autoComplete="off" />
          <span className="field-error" id={errorId('videos')}>
            {fieldError('videos')}
          </span>
        </label>
      )}
      <label>
        Date
        <input type="date" {...form.register('date')} aria-invalid={fieldError('date') !== undefined} aria-describedby={`${errorId('date')} ${aheadId}`} />
        <span className="field-error" id={errorId('date')}>
          {fieldError('date')}
        </span>
      </label>
      {ahead && (
        <p className="usage-form__ahead" id={aheadId} data-testid="date-ahead" role="status">
          <strong>{fmtDate(values.date!)} is after today</strong> ({fmtIn(ahead.count, ahead.unit)}).{' '}
          {asked ? `Press ${anywayLabel(editing)} (Enter) to keep this date, or change it.` : 'Is the date right?'}
        </p>
      )}
    </>
  );
}

/** What the usage costs, before it is saved: the engine's own cost for what is typed, or the free videos it takes on Free. */
function CostText({ state: { cost, free, parsed } }: StateProps) {
  if (cost === null) return 'Type how much to see the cost';
  if (free && parsed.success) return freeUsageText(free, parsed.data, SCREEN_WORDS);
  return (
    <>
      Costs <strong data-testid="usage-cost">{fmtCredits(cost)}</strong> {creditsWord(cost)}
    </>
  );
}

/** Log (or save the edit, or log anyway after the question), Cancel an edit, repeat the last entry. */
function Actions({ state: { form, capture, editing, asked, refs, edit, repeat } }: StateProps) {
  return (
    <div className="usage-form__actions">
      <button type="submit" ref={refs.submitEl} disabled={!form.formState.isValid || form.formState.isSubmitting}>
        {asked ? anywayLabel(editing) : editing ? 'Save changes' : 'Log usage'}
      </button>
      {editing && (
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
  );
}
