/**
 * Whether a project's credits are there, in words: the one sentence Projects
 * and Pipeline both say, from the engine's two readings (if nothing else is
 * used, and at the pace of the last months).
 */
import type { ProjectFit } from '../shared/engine/pipeline.ts';
import { fmtCredits, fmtDate } from './format.ts';

/** How the sentence is shown: good when both readings cover it and the plan can make it, a warning when credits fall short, plain when only the plan stands in the way (its finding says so). */
export function fitClass(fit: ProjectFit, blocked: boolean): 'good' | 'warn' | undefined {
  const covered = fit.alone.shortfall === 0 && (fit.atPace === null || fit.atPace.shortfall === 0);
  return !covered ? 'warn' : blocked ? undefined : 'good';
}

/**
 * "Fits if nothing else is used (890 credits on Nov 12); at your pace of the last 3 months, 27.5 short."
 * `blocked`: the plan cannot make it whatever the credits (a finding says why), so it is never said to fit.
 */
export function fitText(fit: ProjectFit, blocked: boolean): string {
  const on = fmtDate(fit.date);
  const fits = blocked ? 'The credits are there' : 'Fits';
  if (fit.atPace === null) {
    return fit.alone.shortfall === 0 ? `${fits}: ${fmtCredits(fit.alone.balance)} credits on ${on}.` : `Does not fit: ${fmtCredits(fit.alone.shortfall)} credits short on ${on}.`;
  }
  const alone =
    fit.alone.shortfall === 0
      ? `${fits} if nothing else is used (${fmtCredits(fit.alone.balance)} credits on ${on})`
      : `${fmtCredits(fit.alone.shortfall)} credits short if nothing else is used (${fmtCredits(fit.alone.balance)} on ${on})`;
  const pace = fit.pace.months !== null ? `at your pace of the last ${fit.pace.months} months` : `at your pace since ${fmtDate(fit.pace.since)}`;
  const too = fit.alone.shortfall === 0 ? ' too' : '';
  const atPace = fit.atPace.shortfall === 0 ? `${pace}, ${blocked ? `they are there${too}` : `it fits${too}`} (${fmtCredits(fit.atPace.balance)} credits by then)` : `${pace}, ${fmtCredits(fit.atPace.shortfall)} short`;
  return `${alone}; ${atPace}.`;
}
