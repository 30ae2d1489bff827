/** The command line's options as `node:util`'s parseArgs reads them (their values are checked in ./args.ts). */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const ARGV_OPTIONS = {
  at: { type: 'string' },
  months: { type: 'string' },
  plan: { type: 'string' },
  credits: { type: 'string' },
  billing: { type: 'string' },
  account: { type: 'string' },
  data: { type: 'string' },
  workspace: { type: 'string' },
  map: { type: 'string' },
  'date-format': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  csv: { type: 'boolean' },
  by: { type: 'string' },
  budget: { type: 'string' },
  retries: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** The options a fast entry (`balance`'s, `overview`'s) answers from a snapshot's head. */
export type FastOption = keyof typeof ARGV_OPTIONS;

/**
 * The values of `argv` when it is `command` with `--data` and no option but `allowed`: what a fast entry answers;
 * null for anything else (the whole command then runs, and words what is wrong).
 */
export function fastArgs(argv: readonly string[], command: string, allowed: readonly FastOption[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: ARGV_OPTIONS });
  } catch {
    return null;
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1 || positionals[0] !== command || !values.data) return null;
  if (Object.keys(values).some((key) => !allowed.includes(key as FastOption))) return null;
  return { ...values, data: values.data };
}
