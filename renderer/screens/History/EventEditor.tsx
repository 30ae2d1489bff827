import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ChangePreview, LedgerRow } from '../../../shared/api.ts';
import { BILLINGS, PLAN_IDS, PLANS } from '../../../shared/catalog/plans.ts';
import { RATE_CARD_2026_11 } from '../../../shared/catalog/rateCard.ts';
import { eventTitle } from '../../../shared/engine/history.ts';
import type { AppError } from '../../../shared/errors.ts';
import { accountEventSchema, type AccountEvent } from '../../../shared/formats/account.ts';
import { noteText } from '../../../shared/wording.ts';
import { ChangeList } from '../../components/ChangeList/ChangeList.tsx';
import { FormError } from '../../components/FormError/FormError.tsx';
import { Conflict, isStale } from '../../components/Conflict/Conflict.tsx';
import { creditsWord, fmtCredits, fmtDate, numberParse, SCREEN_WORDS } from '../../format.ts';
import { useStore } from '../../store/store.ts';
import { useCall } from '../../useCall.ts';

type Field = { readonly key: string; readonly label: string; readonly kind: 'number' | 'text' | 'select'; readonly options?: readonly { readonly value: string; readonly label: string }[] };

const billing = (none: string): Field => ({ key: 'billing', label: 'Billing', kind: 'select', options: [{ value: '', label: none }, ...BILLINGS.map((b) => ({ value: b, label: b === 'monthly' ? 'Monthly' : 'Annual' }))] });
const PLAN_FIELDS = (none: string): Field[] => [
  { key: 'plan', label: 'Plan', kind: 'select', options: PLAN_IDS.map((p) => ({ value: p, label: PLANS[p].name })) },
  { key: 'credits', label: 'Credits a month (Pro, Enterprise)', kind: 'number' },
  billing(none),
  { key: 'price', label: 'Price a month, USD (Enterprise, legacy)', kind: 'number' },
];

/** The fields each kind of event has, beyond its date. */
const FIELDS: Record<AccountEvent['type'], readonly Field[]> = {
  usage: [
    { key: 'feature', label: 'Feature', kind: 'select', options: RATE_CARD_2026_11.rates.map((r) => ({ value: r.id, label: r.name })) },
    { key: 'minutes', label: 'Minutes', kind: 'number' },
    { key: 'seconds', label: 'Seconds', kind: 'number' },
    { key: 'count', label: 'Count', kind: 'number' },
    { key: 'videos', label: 'Videos', kind: 'number' },
    { key: 'project', label: 'Project', kind: 'text' },
  ],
  subscribe: PLAN_FIELDS('Monthly (default)'),
  'change-plan': PLAN_FIELDS('Keep the current billing'),
  pause: [],
  cancel: [],
  addon: [{ key: 'blocks', label: 'Blocks of 100 credits', kind: 'number' }],
  'auto-reload': [
    { key: 'threshold', label: 'When the balance falls below (credits)', kind: 'number' },
    { key: 'blocks', label: 'Blocks to buy (0: off)', kind: 'number' },
  ],
  seats: [{ key: 'count', label: 'Seats', kind: 'number' }],
  'avatar-slots': [{ key: 'count', label: 'Avatar slots', kind: 'number' }, billing('—')],
  'balance-check': [{ key: 'balance', label: 'Balance shown (credits)', kind: 'number' }],
};

function textsOf(event: AccountEvent): Record<string, string> {
  const texts: Record<string, string> = { date: event.date };
  for (const f of FIELDS[event.type]) {
    const v = (event as unknown as Record<string, unknown>)[f.key];
    texts[f.key] = v === undefined ? '' : String(v);
  }
  return texts;
}

/** The event the fields make, or the problem of each field (in the words the contract uses). */
function eventOf(original: AccountEvent, texts: Record<string, string>): { event: AccountEvent | null; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const candidate: Record<string, unknown> = { type: original.type, date: texts.date };
  for (const f of FIELDS[original.type]) {
    const text = (texts[f.key] ?? '').trim();
    if (text === '') continue;
    if (f.kind !== 'number') candidate[f.key] = text;
    else {
      const n = numberParse(text);
      if (n === undefined) problems[f.key] = 'must be a number, like 2.5';
      else candidate[f.key] = n;
    }
  }
  const parsed = accountEventSchema.safeParse(candidate);
  if (!parsed.success) for (const issue of parsed.error.issues) problems[String(issue.path[0] ?? 'date')] ??= issue.message;
  return { event: parsed.success && Object.keys(problems).length === 0 ? (parsed.data as AccountEvent) : null, problems };
}

function Change({ label, before, after }: { readonly label: string; readonly before: number; readonly after: number }) {
  return (
    <p>
      {label}: {fmtCredits(before)} → <strong>{fmtCredits(after)}</strong> {creditsWord(after)}
      {after !== before && <span className="muted-inline"> ({after > before ? '+' : ''}{fmtCredits(after - before)})</span>}
    </p>
  );
}

/** What the change would do, in the engine's numbers. */
export function PreviewView({ preview }: { readonly preview: ChangePreview }) {
  const same = preview.chargesAdded.length === 0 && preview.chargesRemoved.length === 0 && preview.expiries.length === 0 && preview.usagesChanged === 0;
  return (
    <div className="preview" aria-label="What changes" role="region">
      <Change label={`Balance on ${fmtDate(preview.date)}`} before={preview.balanceOnDate.before} after={preview.balanceOnDate.after} />
      <Change label="Balance today" before={preview.balanceToday.before} after={preview.balanceToday.after} />
      <ChangeList changes={preview} />
      {preview.notes.map((n) => noteText(n, SCREEN_WORDS)).map((text) => (
        <p key={text} className="muted">
          {text}
        </p>
      ))}
      {same && <p className="muted">No charge, no expiry and no other usage changes.</p>}
    </div>
  );
}

export type Props = {
  readonly row: LedgerRow & { readonly id: string; readonly event: AccountEvent };
  readonly mode: 'edit' | 'delete';
  /** The account's revision the row was read at: the save says so, and is refused if another window changed the event since. */
  readonly revision: number;
  readonly onDone: () => void;
};

/** Change or delete one event of the history, after seeing what that does to the balance, the charges and the expiries. */
export function EventEditor({ row, mode, revision, onDone }: Props) {
  const change = useStore((s) => s.change);
  const notifyChange = useStore((s) => s.notifyChange);
  const [texts, setTexts] = useState(() => textsOf(row.event));
  const [saveError, setSaveError] = useState<{ for: unknown; error: AppError } | null>(null);
  const { event, problems } = useMemo(() => eventOf(row.event, texts), [row.event, texts]);
  const request = useMemo(() => (mode === 'delete' ? { id: row.id } : event ? { id: row.id, event } : null), [mode, row.id, event]);
  const { value: lastPreview, error: previewError } = useCall('event-change-preview', request, 200);
  const preview = request && !previewError ? lastPreview : null;
  const error = (saveError?.for === request ? saveError.error : null) ?? (request ? previewError : null);
  const title = eventTitle(row.event);
  const form = useRef<HTMLFormElement>(null);
  // Opened from a row far down the list: bring the form into view, with focus on its first field (on Cancel for a delete).
  useEffect(() => {
    form.current?.scrollIntoView({ block: 'nearest' });
    form.current?.querySelector<HTMLElement>(mode === 'delete' ? 'button[type="button"]' : 'input, select')?.focus({ preventScroll: true });
  }, [mode]);

  /** Save the change; `force`: over another window's change of the same event. */
  async function save(force: boolean) {
    if (!request || !preview) return;
    const stale = { revision, ...(force ? { force } : {}) };
    const err = mode === 'delete' ? await change('event-delete', { id: row.id, ...stale }) : await change('event-replace', { id: row.id, event: event!, ...stale });
    setSaveError(err ? { for: request, error: err } : null);
    if (err) return;
    notifyChange(mode === 'delete' ? `Deleted: ${title}` : `Changed: ${eventTitle(event!)}`);
    onDone();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!error) void save(false);
  }

  return (
    <form ref={form} className="card event-editor" aria-label={mode === 'delete' ? 'Delete the event' : 'Edit the event'} onSubmit={submit}>
      <h2>
        {mode === 'delete' ? 'Delete' : 'Edit'} “{title}” of {fmtDate(row.date)}
      </h2>
      {mode === 'edit' && (
        <div className="event-form">
          <label>
            Date
            <input type="date" value={texts.date} aria-invalid={problems.date ? true : undefined} onChange={(e) => setTexts({ ...texts, date: e.target.value })} />
            {problems.date && <span className="field-error">{problems.date}</span>}
          </label>
          {FIELDS[row.event.type].map((f) => (
            <label key={f.key}>
              {f.label}
              {f.kind === 'select' ? (
                <select value={texts[f.key]} onChange={(e) => setTexts({ ...texts, [f.key]: e.target.value })}>
                  {f.options!.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input inputMode={f.kind === 'number' ? 'decimal' : undefined} value={texts[f.key]} aria-invalid={problems[f.key] ? true : undefined} onChange={(e) => setTexts({ ...texts, [f.key]: e.target.value })} />
              )}
              {problems[f.key] && <span className="field-error">{problems[f.key]}</span>}
            </label>
          ))}
        </div>
      )}
      {preview && <PreviewView preview={preview} />}
      {isStale(error, 'event') ? (
        <Conflict
          error={error}
          onReload={onDone}
          onOverwrite={() => void save(true)}
          {...(mode === 'delete' ? { overwriteLabel: 'Delete anyway', hint: 'Reload to see their version in the list, or delete it anyway.' } : { hint: 'Reload to see their version in the list (your edit here is dropped), or overwrite it with yours.' })}
        />
      ) : (
        <FormError error={error} />
      )}
      <div className="usage-form__actions">
        <button type="submit" className="primary" disabled={!request || !preview || error !== null}>
          {mode === 'delete' ? 'Delete' : 'Save'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
