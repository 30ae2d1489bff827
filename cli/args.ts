/** Command-line options, validated with the same field rules as the files: a bad one names the option and the rule. */
import { z } from 'zod';
import { billing, isoDate, planId, wholeNumber } from '../shared/formats/fields.ts';
import { issuesFromZod } from '../shared/formats/issues.ts';
import { errorFromIssues, fail, ok, type Result } from '../shared/errors.ts';

export const optionsSchema = z.strictObject({
  at: isoDate.optional(),
  months: z.coerce.number().pipe(wholeNumber(1, 120)).optional(),
  plan: planId.optional(),
  credits: z.coerce.number().pipe(wholeNumber(1, 10_000_000)).optional(),
  billing: billing.optional(),
  account: z.string().min(1).optional(),
  data: z.string().min(1).optional(),
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
