/** The import's words about a file's rows: how many, and which have a problem. */
import type { UsageImportPreview } from '../../../shared/api.ts';

/** The rows of a file after its header, as a count to show while it is read (quoted line breaks may make it a little high). */
export function rowCount(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return text.endsWith('\n') ? lines - 1 : lines;
}

type Problem = UsageImportPreview['problems'][number];

/** Problems that say the same thing about the same column, as one line with their rows. */
export function problemGroups(problems: readonly Problem[]): { readonly rows: readonly number[]; readonly column: string; readonly message: string }[] {
  const groups = new Map<string, { rows: number[]; column: string; message: string }>();
  for (const p of problems) {
    const key = `${p.column}\u001f${p.message}`;
    const group = groups.get(key);
    if (group) group.rows.push(p.row);
    else groups.set(key, { rows: [p.row], column: p.column, message: p.message });
  }
  return [...groups.values()];
}

export function rowsText(rows: readonly number[]): string {
  if (rows.length === 1) return `Row ${rows[0]}`;
  const shown = rows.slice(0, 5).map((r) => r.toString());
  return rows.length > 5 ? `Rows ${shown.join(', ')} and ${(rows.length - 5).toLocaleString()} more` : `Rows ${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}
