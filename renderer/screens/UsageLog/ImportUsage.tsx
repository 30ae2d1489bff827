import { DATE_FORMATS, IMPORT_FIELD_LABELS, IMPORT_FIELDS, type DateFormat } from '../../../shared/formats/importFields.ts';
import { FormError } from '../../components/FormError/FormError.tsx';
import { ImportActions, ImportProblems, ImportSummary, UnmatchedFeatures } from './ImportPreview.tsx';
import { ImportProgress } from './ImportProgress.tsx';
import { rowCount } from './importText.ts';
import { useImportUsage, type ImportForm } from './useImportUsage.ts';

/** Usage rows from a spreadsheet: choose or paste, check the columns and every row's cost, then import all of them as one change (with undo). */
export function ImportUsage() {
  const form = useImportUsage();
  const { source, preview, busy } = form;
  return (
    <section className="card import-usage" aria-label="Import usage">
      <h2>Import usage from a spreadsheet</h2>
      {!source ? (
        <ImportChoose form={form} />
      ) : (
        <>
          <ImportMapping form={form} />
          <FormError error={form.error} />
          <UnmatchedFeatures form={form} />
          <ImportProblems form={form} />
          {preview && preview.problemCount === 0 && <ImportSummary preview={preview} input={form.input} onSkip={(row) => form.skipRows([row])} />}
          {(form.loading || busy) && <ImportProgress call={busy ? 'usage-import' : 'usage-import-preview'} rows={rowCount(source.text)} adding={busy && preview ? preview.added : null} />}
          <ImportActions form={form} />
        </>
      )}
    </section>
  );
}

/** A file chosen, or rows pasted. */
function ImportChoose({ form: { pasted, setPasted, setSource } }: { readonly form: ImportForm }) {
  return (
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
  );
}

/** Where the file came from, and which column each field is read from (guessed, remembered, or chosen here). */
function ImportMapping({ form }: { readonly form: ImportForm }) {
  const { source, preview, mapping, mapSet } = form;
  return (
    <>
      <p className="muted">
        From <strong>{source?.name}</strong>.{' '}
        {form.remembered ? (
          <>
            Read as you mapped this kind of file last time.{' '}
            <button type="button" className="link" onClick={form.forget}>
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
            <select value={mapping.map[field] ?? preview?.columns[field] ?? ''} onChange={(e) => mapSet({ map: { ...mapping.map, [field]: e.target.value } })}>
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
          <select value={mapping.dateFormat} onChange={(e) => mapSet({ dateFormat: e.target.value as DateFormat | '' })}>
            <option value="">Read from the file</option>
            {DATE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      </div>
    </>
  );
}
