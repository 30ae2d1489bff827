/** The project file, `credit-companion/project@1`: a planned video project to quote (FORMATS.md). */
import { z } from 'zod';
import { RESOLUTIONS } from '../catalog/plans.ts';
import { errorFromIssues, fail, ok, type Result } from '../errors.ts';
import { count, featureId, isoDate, minutes, seconds, videos, wholeNumber } from './fields.ts';
import { describeValue, issuesFromZod } from './issues.ts';
import { checkMeasure } from './measure.ts';
import { jsonParse } from './json.ts';

export const PROJECT_FORMAT = 'credit-companion/project@1';

export const projectLineSchema = z
  .strictObject({
    feature: featureId,
    minutes: minutes.optional(),
    seconds: seconds.optional(),
    count: count.optional(),
    videos: videos.optional(),
    note: z.string().max(200, { error: 'must be at most 200 characters' }).optional(),
  })
  .superRefine(checkMeasure);

export const projectSchema = z.strictObject({
  format: z.literal(PROJECT_FORMAT),
  id: z.string().min(1).max(100).optional(),
  name: z.string().trim().min(1, { error: 'must not be empty' }).max(200, { error: 'must be at most 200 characters' }),
  date: isoDate,
  resolution: z.enum(RESOLUTIONS, { error: (iss) => `${describeValue(iss.input)} is not a resolution; use 720p, 1080p or 4k` }).optional(),
  customAvatars: wholeNumber(0, 1000).optional(),
  lines: z.array(projectLineSchema).max(1000, { error: 'must have at most 1,000 lines' }),
});

export type Project = z.infer<typeof projectSchema>;
export type ProjectLine = z.infer<typeof projectLineSchema>;

export function projectParse(input: unknown): Result<Project> {
  const parsed = projectSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return fail(errorFromIssues('invalid-file', issuesFromZod(parsed.error, input)));
}

export function projectParseText(text: string): Result<Project> {
  const json = jsonParse(text);
  return json.ok ? projectParse(json.value) : json;
}
