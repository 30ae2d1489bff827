/** Command-line options, validated with the same field rules as the files: a bad one names the option and the rule. */
import { z } from 'zod';
import { billing, isoDate, planId, wholeNumber } from '../shared/formats/fields.ts';
import { DATE_FORMATS, IMPORT_FIELDS, type ImportField } from '../shared/usageImport.ts';
import { issuesFromZod } from '../shared/formats/issues.ts';
import { workspaceName } from '../shared/workspaces.ts';
import { errorFromIssues, fail, ok, type Result } from '../shared/errors.ts';

export const optionsSchema = z.strictObject({
  at: isoDate.optional(),
  months: z.coerce.number().pipe(wholeNumber(1, 120)).optional(),
  plan: planId.optional(),
  credits: z.coerce.number().pipe(wholeNumber(1, 10_000_000)).optional(),
  billing: billing.optional(),
  account: z.string().min(1).optional(),
  data: z.string().min(1).optional(),
  /** One of the data folder's workspaces, by name or id (shared/workspaces.ts). */
  workspace: workspaceName.optional(),
  /** `field=column,…`: which column holds each field of an imported usage. */
  map: z
    .string()
    .transform((text, ctx) => {
      const map: Partial<Record<ImportField, string>> = {};
      for (const pair of text.split(',')) {
        const eq = pair.indexOf('=');
        const field = pair.slice(0, eq).trim() as ImportField;
        // `field=` (no column) tells the import not to guess one.
        if (eq < 0 || !IMPORT_FIELDS.includes(field)) {
          ctx.addIssue({ code: 'custom', message: `"${pair}" is not FIELD=COLUMN with FIELD one of ${IMPORT_FIELDS.join(', ')}` });
          return z.NEVER;
        }
        map[field] = pair.slice(eq + 1).trim();
      }
      return map;
    })
    .optional(),
  'date-format': z.enum(DATE_FORMATS, { error: `must be one of ${DATE_FORMATS.join(', ')}` }).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  csv: z.boolean().optional(),
  by: z.enum(['project', 'feature', 'month', 'member'], { error: 'must be project, feature, month or member' }).optional(),
  /** Dollars a month. */
  budget: z.coerce.number().pipe(z.number().min(0, { error: 'must be at least 0' }).max(1_000_000, { error: 'must be at most 1,000,000' })).optional(),
  retries: z.coerce.number().pipe(z.number().min(1, { error: 'must be at least 1 (1.2 means 20% of generations redone)' }).max(10, { error: 'must be at most 10' })).optional(),
  json: z.boolean().optional(),
  help: z.boolean().optional(),
});

export type Options = z.infer<typeof optionsSchema>;

export function optionsParse(values: Record<string, unknown>): Result<Options> {
  const parsed = optionsSchema.safeParse(values);
  if (parsed.success) return ok(parsed.data);
  const issues = issuesFromZod(parsed.error, values).map((i) => ({ ...i, path: `--${i.path}` }));
  return fail(errorFromIssues('invalid-input', issues));
}
