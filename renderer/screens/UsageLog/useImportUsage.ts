/**
 * The import form's state: the file, how its columns are read, the preview the
 * backend answers for them, the rows skipped, and importing them all as one
 * change (asked first when it changes usages already logged).
 */
import { useEffect, useMemo, useState } from 'react';
import type { HandlerInput, UsageImportPreview } from '../../../shared/api.ts';
import type { FeatureId } from '../../../shared/catalog/rateCard.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { DateFormat, ImportField } from '../../../shared/formats/importFields.ts';
import { changesOutcomes } from '../../components/ChangeList/ChangeList.tsx';
import { useStore } from '../../store/store.ts';
import { importMappingFor, importMappingForget, importMappingKeep } from './importMemory.ts';

export type Source = { readonly name: string; readonly text: string };

/** How the file's columns are read: which column holds each field, how dates are written, what its feature names mean. */
interface Mapping {
  readonly map: Partial<Record<ImportField, string>>;
  readonly dateFormat: DateFormat | '';
  readonly features: Record<string, FeatureId>;
}

const GUESSED: Mapping = { map: {}, dateFormat: '', features: {} };

/** The file and how to read it, as the import and its preview take them. */
export type ImportInput = Omit<HandlerInput<'usage-import-preview'>, 'offset' | 'limit'>;

/** The preview of `input` from the backend, read again whenever it changes; `loading` while one is on its way. */
function useImportPreview(input: ImportInput | null) {
  const read = useStore((s) => s.read);
  const [preview, setPreview] = useState<UsageImportPreview | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(false);
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
  return { preview, setPreview, error, setError, loading };
}

export function useImportUsage() {
  const notify = useStore((s) => s.notify);
  const notifyChange = useStore((s) => s.notifyChange);
  const commit = useStore((s) => s.commit);
  const [source, setSource] = useState<Source | null>(null);
  const [pasted, setPasted] = useState('');
  const [mapping, setMapping] = useState<Mapping>(GUESSED);
  /** The mapping came from the last import of a file with this header. */
  const [remembered, setRemembered] = useState(false);
  const [busy, setBusy] = useState(false);
  /** Rows the user chose not to import, in order. */
  const [skip, setSkip] = useState<readonly number[]>([]);
  /** The preview the user was asked about (it changes usages already logged) and has not answered yet. */
  const [asking, setAsking] = useState<UsageImportPreview | null>(null);
  const { map, dateFormat, features } = mapping;
  const input = useMemo<ImportInput | null>(() => (source ? { text: source.text, map, features, ...(dateFormat ? { dateFormat } : {}), ...(skip.length ? { skip: [...skip] } : {}) } : null), [source, map, features, dateFormat, skip]);
  /** A preview for the current file and mapping is on its way (`loading`): importing now would import what was never shown. */
  const { preview, setPreview, error, setError, loading } = useImportPreview(input);

  // A file whose header was imported before is read the way it was then, once the header is known.
  const header = preview?.header;
  const [recalled, setRecalled] = useState<Source | null>(null);
  useEffect(() => {
    if (!source || !header || recalled === source) return;
    setRecalled(source);
    const kept = importMappingFor(header);
    if (!kept) return;
    setMapping({ map: kept.map, dateFormat: kept.dateFormat ?? '', features: kept.features });
    setRemembered(true);
  }, [source, header, recalled]);
  const asked = asking !== null && asking === preview;

  function skipRows(rows: readonly number[]) {
    setSkip([...new Set([...skip, ...rows])].sort((a, b) => a - b));
  }

  function reset() {
    setSource(null);
    setPasted('');
    setMapping(GUESSED);
    setRemembered(false);
    setRecalled(null);
    setPreview(null);
    setError(null);
    setSkip([]);
    setAsking(null);
  }

  /** Forget the mapping remembered for this kind of file, and guess its columns again. */
  function forget() {
    if (preview) importMappingForget(preview.header);
    setMapping(GUESSED);
    setRemembered(false);
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
    const { added, skipped } = reply.value;
    reset();
    const message = `Imported ${added.toLocaleString()} ${added === 1 ? 'usage' : 'usages'} from ${source.name}${skipped ? ` (${skipped.toLocaleString()} already in the log)` : ''}`;
    if (added > 0) notifyChange(message);
    else notify({ message });
  }

  return {
    source,
    setSource,
    pasted,
    setPasted,
    mapping,
    /** Change part of the mapping: the preview is read again. */
    mapSet: (change: Partial<Mapping>) => setMapping({ ...mapping, ...change }),
    remembered,
    forget,
    input,
    preview,
    error,
    loading,
    busy,
    skip,
    skipRows,
    skipNone: () => setSkip([]),
    asked,
    askingCancel: () => setAsking(null),
    importAll,
    reset,
  };
}

export type ImportForm = ReturnType<typeof useImportUsage>;
