/** What the import's preview says: feature names to map, problems and rows left out, what the rows add and change, and the buttons that import them. */
import { useEffect, useMemo, useRef } from 'react';
import type { UsageImportPreview } from '../../../shared/api.ts';
import { RATE_CARD_2026_11, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import { ChangeList, changesOutcomes } from '../../components/ChangeList/ChangeList.tsx';
import { fmtCredits, fmtCreditsCount } from '../../format.ts';
import { ImportRows } from './ImportRows.tsx';
import { problemGroups, rowsText } from './importText.ts';
import type { ImportForm, ImportInput } from './useImportUsage.ts';

type FormProps = { readonly form: ImportForm };

/** Feature names the rate card does not know, each mapped once to the feature it means. */
export function UnmatchedFeatures({ form: { preview, mapping, mapSet } }: FormProps) {
  if (!preview || preview.unmatched.length === 0) return null;
  return (
    <fieldset className="import-usage__features">
      <legend>Feature names the rate card does not know: say once what each one is</legend>
      {preview.unmatched.map((u) => (
        <label key={u.text}>
          “{u.text}” ({u.rows.toLocaleString()} {u.rows === 1 ? 'row' : 'rows'}, from row {u.row})
          <select aria-label={`Feature for “${u.text}”`} value={mapping.features[u.text] ?? ''} onChange={(e) => mapSet({ features: { ...mapping.features, [u.text]: e.target.value as FeatureId } })}>
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
  );
}

/** Every bad row by kind of problem (each kind can be skipped), the rows with no date, and the rows skipped so far. */
export function ImportProblems({ form: { preview, skip, skipRows, skipNone } }: FormProps) {
  const groups = useMemo(() => problemGroups(preview?.problems ?? []), [preview]);
  return (
    <>
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
          <button type="button" className="link" onClick={skipNone}>
            Put {skip.length === 1 ? 'it' : 'them'} back
          </button>
        </p>
      )}
    </>
  );
}

/** A file with no problem: what its rows add and cost, those the vendor would have refused, what they change, and every row. */
export function ImportSummary({ preview, input, onSkip }: { readonly preview: UsageImportPreview; readonly input: ImportInput | null; readonly onSkip: (row: number) => void }) {
  return (
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
      {preview.added > 0 && input && <ImportRows preview={preview} input={input} onSkip={onSkip} />}
    </>
  );
}

/** Import (or, when the rows change usages already logged, the question first), and Cancel. */
export function ImportActions({ form: { preview, asked, busy, loading, importAll, askingCancel, reset } }: FormProps) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asked) confirm.current?.focus();
  }, [asked]);
  if (asked && preview?.changes) {
    return (
      <div className="import-usage__actions import-usage__confirm" role="group" aria-label="Import anyway?">
        <p role="alert">
          Importing {preview.added === 1 ? 'this row' : 'these rows'} changes {preview.changes.usagesChanged > 0 ? `${preview.changes.usagesChanged.toLocaleString()} ${preview.changes.usagesChanged === 1 ? 'usage' : 'usages'} already in the log` : 'what you are charged'}, as listed above. Import anyway?
        </p>
        <button ref={confirm} type="button" className="primary" disabled={busy} onClick={() => void importAll()}>
          Import anyway
        </button>
        <button type="button" onClick={askingCancel}>
          Not now
        </button>
      </div>
    );
  }
  return (
    <div className="import-usage__actions">
      <button type="button" className="primary" disabled={busy || loading || !preview || preview.problemCount > 0 || preview.added === 0} onClick={() => void importAll()}>
        {!preview || loading ? 'Reading the file…' : preview.problemCount > 0 ? 'Fix the problems to import' : preview.added > 0 ? `Import ${preview.added.toLocaleString()} ${preview.added === 1 ? 'usage' : 'usages'}` : 'Nothing new to import'}
      </button>
      <button type="button" onClick={reset}>
        Cancel
      </button>
    </div>
  );
}
