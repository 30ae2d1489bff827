import { useEffect, useMemo, useRef, useState } from 'react';
import type { HandlerInput, UsageImportPreview, WorkProgress } from '../../../shared/api.ts';
import { RATE_CARD_2026_11, rateOf, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import type { AppError } from '../../../shared/errors.ts';
import { DATE_FORMATS, IMPORT_FIELD_LABELS, IMPORT_FIELDS, type DateFormat, type ImportField } from '../../../shared/formats/importFields.ts';
import { ChangeList, changesOutcomes } from '../../components/ChangeList/ChangeList.tsx';
import { FormError } from '../../components/FormError/FormError.tsx';
import { useTableRows, VirtualTable } from '../../components/VirtualTable/VirtualTable.tsx';
import { fmtCredits, fmtCreditsCount, fmtDate } from '../../format.ts';
import { useStore } from '../../store/store.ts';
import { amountText } from './amountText.ts';
import { UsageCols, UsageHeads } from './usageColumns.tsx';
import { importMappingFor, importMappingForget, importMappingKeep } from './importMemory.ts';

type Source = { readonly name: string; readonly text: string };

/** The rows of a file after its header, as a count to show while it is read (quoted line breaks may make it a little high). */
function rowCount(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return text.endsWith('\n') ? lines - 1 : lines;
}

type Problem = UsageImportPreview['problems'][number];

/** Problems that say the same thing about the same column, as one line with their rows. */
function problemGroups(problems: readonly Problem[]): { readonly rows: readonly number[]; readonly column: string; readonly message: string }[] {
  const groups = new Map<string, { rows: number[]; column: string; message: string }>();
  for (const p of problems) {
    const key = `${p.column}\u001f${p.message}`;
    const group = groups.get(key);
    if (group) group.rows.push(p.row);
    else groups.set(key, { rows: [p.row], column: p.column, message: p.message });
  }
  return [...groups.values()];
}

function rowsText(rows: readonly number[]): string {
  if (rows.length === 1) return `Row ${rows[0]}`;
  const shown = rows.slice(0, 5).map((r) => r.toString());
  return rows.length > 5 ? `Rows ${shown.join(', ')} and ${(rows.length - 5).toLocaleString()} more` : `Rows ${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** How often the bar asks how far the service has got. */
const PROGRESS_MS = 100;
/** The share of the bar each stage of reading a file fills: the rows take most of the time, replaying them the rest. */
const STAGE_SPAN: Record<Exclude<WorkProgress['stage'], 'saving'>, readonly [number, number]> = { reading: [0, 0.7], checking: [0.7, 1] };

/** How far the service has got with `call`: asked every PROGRESS_MS while shown (null until it says). */
function useWorkProgress(call: WorkProgress['call']): WorkProgress | null {
  const read = useStore((s) => s.read);
  const [progress, setProgress] = useState<WorkProgress | null>(null);
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () => {
      timer = setTimeout(async () => {
        const reply = await read('progress-get', {});
        if (!current) return;
        if (reply.ok && reply.value?.call === call) setProgress(reply.value);
        ask();
      }, PROGRESS_MS);
    };
    ask();
    return () => {
      current = false;
      clearTimeout(timer);
      setProgress(null);
    };
  }, [call, read]);
  return progress;
}

/** The bar while a file is read or imported: how far through its rows, then through replaying them, then saving (which takes no steps). */
function ImportProgress({ call, rows, adding }: { readonly call: 'usage-import-preview' | 'usage-import'; readonly rows: number; readonly adding: number | null }) {
  const progress = useWorkProgress(call);
  const label = call === 'usage-import' ? 'Importing' : 'Reading the file';
  const usages = adding === null ? '' : ` ${adding.toLocaleString()} ${adding === 1 ? 'usage' : 'usages'}`;
  let value: number | undefined;
  let text = adding === null ? `Reading ${rows.toLocaleString()} rows and what each costs…` : `Importing${usages}…`;
  if (progress && progress.stage !== 'saving' && progress.total > 0) {
    const [from, to] = STAGE_SPAN[progress.stage];
    value = from + ((to - from) * progress.done) / progress.total;
    text = progress.stage === 'reading' ? `Reading row ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}…` : `Working out each row’s cost and the balance: ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} events…`;
  } else if (progress?.stage === 'saving') text = `Saving${usages}…`;
  return (
    <p className="import-usage__working" role="status">
      <progress aria-label={label} max={1} {...(value === undefined ? {} : { value })} />
      <span>{text}</span>
    </p>
  );
}

/** Usage rows from a spreadsheet: choose or paste, check the columns and every row's cost, then import all of them as one change (with undo). */
export function ImportUsage() {
  const notify = useStore((s) => s.notify);
  const notifyChange = useStore((s) => s.notifyChange);
  const read = useStore((s) => s.read);
  const commit = useStore((s) => s.commit);
  const [source, setSource] = useState<Source | null>(null);
  const [pasted, setPasted] = useState('');
  const [map, setMap] = useState<Partial<Record<ImportField, string>>>({});
  const [dateFormat, setDateFormat] = useState<DateFormat | ''>('');
  const [features, setFeatures] = useState<Record<string, FeatureId>>({});
  /** The mapping came from the last import of a file with this header. */
  const [remembered, setRemembered] = useState(false);
  const [preview, setPreview] = useState<UsageImportPreview | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  /** A preview for the current file and mapping is on its way: importing now would import what was never shown. */
  const [loading, setLoading] = useState(false);
  /** Rows the user chose not to import, in order. */
  const [skip, setSkip] = useState<readonly number[]>([]);
  /** The preview the user was asked about (it changes usages already logged) and has not answered yet. */
  const [asking, setAsking] = useState<UsageImportPreview | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const input = useMemo(() => (source ? { text: source.text, map, features, ...(dateFormat ? { dateFormat } : {}), ...(skip.length ? { skip: [...skip] } : {}) } : null), [source, map, features, dateFormat, skip]);

  useEffect(() => {
    if (!input) return;
    let current = true;
    setLoading(true);
    void read('usage-import-preview', input).then((reply) => {
      if (!current) return;
      setLoading(false);
      setPreview(reply.ok ? reply.value : null);
      setError(reply.ok ? null : reply.error);
    });
    return () => {
      current = false;
    };
  }, [input, read]);

  // A file whose header was imported before is read the way it was then, once the header is known.
  const header = preview?.header;
  const [recalled, setRecalled] = useState<Source | null>(null);
  useEffect(() => {
    if (!source || !header || recalled === source) return;
    setRecalled(source);
    const mapping = importMappingFor(header);
    if (!mapping) return;
    setMap(mapping.map);
    setDateFormat(mapping.dateFormat ?? '');
    setFeatures(mapping.features);
    setRemembered(true);
  }, [source, header, recalled]);
  const groups = useMemo(() => problemGroups(preview?.problems ?? []), [preview]);
  const asked = asking !== null && asking === preview;
  useEffect(() => {
    if (asked) confirm.current?.focus();
  }, [asked]);

  function skipRows(rows: readonly number[]) {
    setSkip([...new Set([...skip, ...rows])].sort((a, b) => a - b));
  }

  function reset() {
    setSource(null);
    setPasted('');
    setMap({});
    setDateFormat('');
    setFeatures({});
    setRemembered(false);
    setRecalled(null);
    setPreview(null);
    setError(null);
    setSkip([]);
    setAsking(null);
  }

  async function importAll() {
    if (!source || !input || busy || loading) return;
    // Usages already logged would be refused or cost otherwise (or the charges change): said above, and asked first.
    if (preview?.changes && changesOutcomes(preview.changes) && !asked) return setAsking(preview);
    setBusy(true);
    const reply = await commit('usage-import', input);
    setBusy(false);
    if (!reply.ok) return setError(reply.error);
    if (preview) importMappingKeep(preview.header, { map: { ...Object.fromEntries(Object.entries(preview.columns).map(([f, c]) => [f, c ?? ''])), ...map }, ...(dateFormat ? { dateFormat } : {}), features });
    const { added, skipped, ids } = reply.value;
    reset();
    const message = `Imported ${added.toLocaleString()} ${added === 1 ? 'usage' : 'usages'} from ${source.name}${skipped ? ` (${skipped.toLocaleString()} already in the log)` : ''}`;
    if (ids.length > 0) notifyChange(message);
    else notify({ message });
  }

  return (
    <section className="card import-usage" aria-label="Import usage">
      <h2>Import usage from a spreadsheet</h2>
      {!source ? (
        <div className="import-usage__choose">
          <label>
            CSV or TSV file
            <input type="file" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values" onChange={async (e) => { const file = e.target.files?.[0]; if (file) setSource({ name: file.name, text: await file.text() }); e.target.value = ''; }} />
          </label>
          <label className="import-usage__paste">
            Or paste rows, with their header row
            <textarea rows={3} value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder={'Date\tFeature\tMinutes\tProject\n2026-11-20\tAvatar IV\t2\tLaunch'} />
          </label>
          <button type="button" disabled={pasted.trim() === ''} onClick={() => setSource({ name: 'the pasted rows', text: pasted })}>
            Preview
          </button>
        </div>
      ) : (
        <>
          <p className="muted">
            From <strong>{source.name}</strong>.{' '}
            {remembered ? (
              <>
                Read as you mapped this kind of file last time.{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    if (preview) importMappingForget(preview.header);
                    setMap({});
                    setDateFormat('');
                    setFeatures({});
                    setRemembered(false);
                  }}
                >
                  Forget that and guess again
                </button>
              </>
            ) : (
              'Each field is read from the column shown; change any that is wrong.'
            )}
          </p>
          <div className="import-usage__map">
            {IMPORT_FIELDS.map((field) => (
              <label key={field}>
                {IMPORT_FIELD_LABELS[field]}
                {/* "—" is an answer too: no column holds this, so none is guessed. */}
                <select value={map[field] ?? preview?.columns[field] ?? ''} onChange={(e) => setMap({ ...map, [field]: e.target.value })}>
                  <option value="">—</option>
                  {(preview?.header ?? []).map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <label>
              Dates written as
              <select value={dateFormat} onChange={(e) => setDateFormat(e.target.value as DateFormat | '')}>
                <option value="">Read from the file</option>
                {DATE_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <FormError error={error} />
          {preview && preview.unmatched.length > 0 && (
            <fieldset className="import-usage__features">
              <legend>Feature names the rate card does not know: say once what each one is</legend>
              {preview.unmatched.map((u) => (
                <label key={u.text}>
                  “{u.text}” ({u.rows.toLocaleString()} {u.rows === 1 ? 'row' : 'rows'}, from row {u.row})
                  <select aria-label={`Feature for “${u.text}”`} value={features[u.text] ?? ''} onChange={(e) => setFeatures({ ...features, [u.text]: e.target.value as FeatureId })}>
                    <option value="" disabled>
                      Choose a feature…
                    </option>
                    {RATE_CARD_2026_11.rates.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </fieldset>
          )}
          {preview && preview.problemCount > 0 && (
            <div role="alert" className="form-error import-usage__problems">
              <p>Nothing is imported while {preview.problemCount === 1 ? 'there is a problem' : `there are ${preview.problemCount.toLocaleString()} problems`}:</p>
              <ul>
                {groups.slice(0, 10).map((g) => (
                  <li key={`${g.column}-${g.message}`}>
                    {rowsText(g.rows)}
                    {g.column ? `, column “${g.column}”` : ''}: {g.message}{' '}
                    {g.rows[0]! > 1 && (
                      <button type="button" className="link" onClick={() => skipRows(g.rows)}>
                        {g.rows.length === 1 ? `Skip row ${g.rows[0]}` : `Skip these ${g.rows.length.toLocaleString()} rows`}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              {(groups.length > 10 || preview.problemCount > preview.problems.length) && <p>… and more: the first {Math.min(10, groups.length)} kinds of problem are shown.</p>}
            </div>
          )}
          {preview && preview.undatedRows.length > 0 && (
            <p data-testid="import-undated">
              {rowsText(preview.undatedRows)} {preview.undatedRows.length === 1 ? 'has' : 'have'} no date (a totals line?): not imported.
            </p>
          )}
          {skip.length > 0 && (
            <p data-testid="import-skipped">
              {rowsText(skip)} skipped, as you chose.{' '}
              <button type="button" className="link" onClick={() => setSkip([])}>
                Put {skip.length === 1 ? 'it' : 'them'} back
              </button>
            </p>
          )}
          {preview && preview.problemCount === 0 && (
            <>
              <p data-testid="import-summary">
                <strong>{preview.added.toLocaleString()}</strong> {preview.added === 1 ? 'usage' : 'usages'} to add ({fmtCreditsCount(preview.credits)})
                {preview.skipped > 0 && <> · {preview.skipped.toLocaleString()} already in the log, skipped</>}
                {preview.balanceAfter !== null && <> · balance after: {fmtCredits(preview.balanceAfter)}</>}
              </p>
              {preview.added === 0 && preview.skipped > 0 && <p>Everything in this file is already in the log.</p>}
              {preview.refused > 0 && (
                <p role="alert" className="notice" data-testid="import-refused">
                  {preview.refused === preview.added ? 'Every row' : `${preview.refused.toLocaleString()} of these rows`} would have been refused: the balance on {preview.refused === 1 ? 'its date' : 'their dates'} does not cover {preview.refused === 1 ? 'it' : 'them'}. They are added marked refused and cost nothing; an add-on or plan change missing from the log may explain them.
                </p>
              )}
              {preview.changes && (changesOutcomes(preview.changes) || preview.changes.expiries.length > 0) && (
                <div className="preview import-usage__changes" role="region" aria-label="What the import changes">
                  <p>
                    <strong>{changesOutcomes(preview.changes) ? `${preview.added === 1 ? 'This row changes' : 'These rows change'} what is already in the log:` : `What ${preview.added === 1 ? 'this row changes' : 'these rows change'}:`}</strong>
                  </p>
                  <ChangeList changes={preview.changes} />
                </div>
              )}
              {preview.added > 0 && input && <ImportRows preview={preview} input={input} onSkip={(row) => skipRows([row])} />}
            </>
          )}
          {(loading || busy) && <ImportProgress call={busy ? 'usage-import' : 'usage-import-preview'} rows={rowCount(source.text)} adding={busy && preview ? preview.added : null} />}
          {asked && preview?.changes ? (
            <div className="import-usage__actions import-usage__confirm" role="group" aria-label="Import anyway?">
              <p role="alert">
                Importing {preview.added === 1 ? 'this row' : 'these rows'} changes {preview.changes.usagesChanged > 0 ? `${preview.changes.usagesChanged.toLocaleString()} ${preview.changes.usagesChanged === 1 ? 'usage' : 'usages'} already in the log` : 'what you are charged'}, as listed above. Import anyway?
              </p>
              <button ref={confirm} type="button" className="primary" disabled={busy} onClick={() => void importAll()}>
                Import anyway
              </button>
              <button type="button" onClick={() => setAsking(null)}>
                Not now
              </button>
            </div>
          ) : (
            <div className="import-usage__actions">
              <button type="button" className="primary" disabled={busy || loading || !preview || preview.problemCount > 0 || preview.added === 0} onClick={() => void importAll()}>
                {!preview || loading ? 'Reading the file…' : preview.problemCount > 0 ? 'Fix the problems to import' : preview.added > 0 ? `Import ${preview.added.toLocaleString()} ${preview.added === 1 ? 'usage' : 'usages'}` : 'Nothing new to import'}
              </button>
              <button type="button" onClick={reset}>
                Cancel
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** Rows a page of the preview holds: the first page comes with the preview. */
const PREVIEW_PAGE = 200;

type PreviewRow = UsageImportPreview['rows'][number];

/**
 * Every row the file adds, with what each costs: only the rows on screen are
 * drawn, and the pages after the first are read from the backend (which keeps
 * the preview it read) as they scroll in.
 */
function ImportRows({ preview, input, onSkip }: { readonly preview: UsageImportPreview; readonly input: Omit<HandlerInput<'usage-import-preview'>, 'offset' | 'limit'>; readonly onSkip: (row: number) => void }) {
  const read = useStore((s) => s.read);
  const [pages, setPages] = useState<{ readonly of: UsageImportPreview; readonly rows: ReadonlyMap<number, readonly PreviewRow[]> }>({ of: preview, rows: new Map([[0, preview.rows]]) });
  // Another preview (the mapping changed) starts its own pages.
  const shown = useMemo(() => (pages.of === preview ? pages.rows : new Map([[0, preview.rows]])), [pages, preview]);
  /** The pages asked for and not answered yet, with the preview they were asked for. */
  const asked = useRef(new Map<number, UsageImportPreview>());
  const latest = useRef({ preview, input });
  latest.current = { preview, input };
  const table = useTableRows(preview.added);
  const items = table.virtualizer.getVirtualItems();
  const first = Math.floor((items[0]?.index ?? 0) / PREVIEW_PAGE);
  const last = Math.floor((items.at(-1)?.index ?? 0) / PREVIEW_PAGE);

  useEffect(() => {
    const timer = setTimeout(() => {
      const of = latest.current.preview;
      for (let page = first; page <= last; page++) {
        if (shown.has(page) || asked.current.get(page) === of) continue;
        asked.current.set(page, of);
        void read('usage-import-preview', { ...latest.current.input, offset: page * PREVIEW_PAGE, limit: PREVIEW_PAGE }).then((reply) => {
          if (asked.current.get(page) === of) asked.current.delete(page);
          if (!reply.ok || latest.current.preview !== of) return;
          setPages((p) => ({ of, rows: new Map(p.of === of ? p.rows : [[0, of.rows]]).set(page, reply.value.rows) }));
        });
      }
    }, 50);
    return () => clearTimeout(timer);
  }, [first, last, shown, read]);

  return (
    <VirtualTable {...table} rows={preview.added} maxHeight="50vh, 30rem" className="usage-log__scroll import-usage__rows" tabIndex={0} role="region" aria-label="The rows to add">
      <colgroup>
        <col className="import-usage__row" />
        <UsageCols />
        <col className="import-usage__skip" />
      </colgroup>
      <thead>
        <tr aria-rowindex={1}>
          <th scope="col" className="num">Row</th>
          <UsageHeads />
          <th scope="col">
            <span className="visually-hidden">Skip</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map(({ index, key }) => {
          const r = shown.get(Math.floor(index / PREVIEW_PAGE))?.[index % PREVIEW_PAGE];
          if (!r) {
            return (
              <tr key={key} aria-rowindex={index + 2} aria-busy="true" className="usage-log__unread">
                <td colSpan={7}>Reading…</td>
              </tr>
            );
          }
          const feature = rateOf(RATE_CARD_2026_11, r.feature)!.name;
          return (
            <tr key={key} aria-rowindex={index + 2}>
              <td className="num">{r.row.toLocaleString()}</td>
              <td>{fmtDate(r.date)}</td>
              <td title={feature}>{feature}</td>
              <td>{amountText(r)}</td>
              <td title={r.project}>{r.project ?? ''}</td>
              <td className="num">{r.refused ? <span className="badge">refused</span> : fmtCredits(r.credits)}</td>
              <td>
                <button type="button" className="link" aria-label={`Skip row ${r.row}`} onClick={() => onSkip(r.row)}>
                  Skip
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </VirtualTable>
  );
}
