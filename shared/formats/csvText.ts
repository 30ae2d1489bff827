/**
 * CSV that spreadsheets read as text, and that reads back as it was written. A cell that starts like a formula
 * (`=`, `+`, `-`, `@`, a tab or a return) is written behind an apostrophe, as is one that starts with an apostrophe
 * (so that the apostrophe the reader removes is always the writer's). A cell holding a `;` or a tab is quoted: a
 * spreadsheet set to split on them would otherwise start a new cell, and a formula, after it.
 */
import Papa from 'papaparse';

const FORMULA_START = /^[=+\-@\t\r']/;
const OTHER_SEPARATORS = /[;\t]/;
const APOSTROPHE = 0x27;

/** The rows as CSV in the given column order (null: an empty cell); no final newline. */
export function csvUnparse(rows: readonly Record<string, string | number | null>[], columns: readonly string[]): string {
  return Papa.unparse(rows as Record<string, string | number | null>[], {
    columns: [...columns],
    escapeFormulae: FORMULA_START,
    quotes: (value: unknown) => typeof value === 'string' && OTHER_SEPARATORS.test(value),
  });
}

/** A cell as it was before `csvUnparse` kept it as text. */
export function csvCellRead(cell: string): string {
  // An import reads millions of cells, nearly none kept so: the pattern is tried only on one that starts with an apostrophe.
  // Stryker disable next-line ConditionalExpression: true only matches every cell, which leaves one without the apostrophe as it is.
  return cell.charCodeAt(0) === APOSTROPHE ? cell.replace(/^'(?=[=+\-@\t\r'])/, '') : cell;
}
