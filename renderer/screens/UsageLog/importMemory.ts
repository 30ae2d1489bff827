/**
 * The mapping a user chose for a kind of spreadsheet (its header row), kept in
 * this window's storage so the same export maps itself next time. What is read
 * back is validated: storage can be edited by hand or written by an older version.
 */
import { z } from 'zod';
import { DATE_FORMATS, IMPORT_FIELDS } from '../../../shared/formats/importFields.ts';
import { featureId } from '../../../shared/formats/fields.ts';

const KEY = 'credit-companion.import-mappings';
/** Sources remembered, the most recent first. */
const KEPT = 20;

const mappingSchema = z.strictObject({
  map: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().max(200)),
  dateFormat: z.enum(DATE_FORMATS).optional(),
  features: z.record(z.string().max(200), featureId),
});
export type ImportMapping = z.infer<typeof mappingSchema>;

const memorySchema = z.array(z.tuple([z.string().max(20_000), mappingSchema])).max(KEPT);

/** A header row as one key: the same columns in the same order are the same source. */
function sourceKey(header: readonly string[]): string {
  return header.map((h) => h.trim()).join('\u001f');
}

function memoryRead(): [string, ImportMapping][] {
  try {
    const parsed = memorySchema.safeParse(JSON.parse(localStorage.getItem(KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The mapping last used for files with this header, if any. */
export function importMappingFor(header: readonly string[]): ImportMapping | null {
  const key = sourceKey(header);
  return memoryRead().find(([k]) => k === key)?.[1] ?? null;
}

/** Remember the mapping that imported a file with this header (a full storage only means it is not remembered). */
export function importMappingKeep(header: readonly string[], mapping: ImportMapping): void {
  const key = sourceKey(header);
  const kept = [[key, mapping] as [string, ImportMapping], ...memoryRead().filter(([k]) => k !== key)].slice(0, KEPT);
  try {
    localStorage.setItem(KEY, JSON.stringify(kept));
  } catch {
    // Not remembered: the import itself is done.
  }
}

/** Forget the mapping for files with this header. */
export function importMappingForget(header: readonly string[]): void {
  const key = sourceKey(header);
  try {
    localStorage.setItem(KEY, JSON.stringify(memoryRead().filter(([k]) => k !== key)));
  } catch {
    // Nothing else to do: it stays remembered.
  }
}
