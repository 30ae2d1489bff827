/** The command line's options as `node:util`'s parseArgs reads them (their values are checked in ./args.ts). */
import type { ParseArgsConfig } from 'node:util';

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
