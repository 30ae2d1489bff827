/**
 * `--data DIR`: the app's data folder, read as the app reads it (the store file
 * with its change journal folded in) but read-only: no lock is taken and nothing
 * is written, so it is safe while the app has the folder open. When the app
 * compacts the folder during the read (the store file replaced, the journal
 * emptied), the read is noticed to be torn and done again.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pkg from '../package.json' with { type: 'json' };
import type { Account } from '../shared/formats/account.ts';
import { journalApply, journalRead, storedRead } from '../shared/store.ts';

export type DataFolderRead = { readonly ok: true; readonly account: Account; readonly warnings: readonly string[] } | { readonly ok: false; readonly error: string };

function identity(path: string): string | null {
  try {
    const st = statSync(path);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return null;
  }
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** The account in the app's data folder `dir`, or one line that says why it cannot be read. */
export function dataFolderRead(dir: string): DataFolderRead {
  const storePath = join(dir, 'account.json');
  const journalPath = join(dir, 'account.journal');
  let storeBytes: Buffer | null = null;
  let journalBytes: Buffer | null = null;
  try {
    if (!statSync(dir).isDirectory()) return { ok: false, error: `${dir}: not a folder (--data takes the app's data folder)` };
    for (let tries = 0; tries < 10; tries++) {
      const before = identity(storePath);
      storeBytes = readOrNull(storePath);
      journalBytes = readOrNull(journalPath);
      if (identity(storePath) === before) break;
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: `${dir}: cannot read (${code === 'ENOENT' ? 'no such folder' : code === 'EISDIR' ? 'account.json is a folder' : (code ?? String(e))})` };
  }
  if (storeBytes === null) return { ok: false, error: `${dir}: no Credit Companion data here (no account.json)` };
  const stored = storedRead(storeBytes.toString('utf8'), pkg.version);
  if (!stored.ok) {
    return stored.future
      ? { ok: false, error: `${storePath}: ${stored.reason}; update credit-companion to read it` }
      : { ok: false, error: `${storePath}: ${stored.reason}; open Credit Companion on this folder to recover it from a backup` };
  }
  const warnings: string[] = [];
  let data = stored.stored;
  if (journalBytes !== null) {
    const journal = journalRead(journalBytes.toString('utf8'), stored.stored.journalSeq);
    const applied = journalApply(data, journal.entries);
    data = { ...data, ...applied.data };
    const skipped = journal.entries.length - applied.applied + journal.damaged.length;
    if (skipped > 0) warnings.push(`${journalPath}: ${skipped} ${skipped === 1 ? 'change' : 'changes'} could not be applied (${applied.problem ?? `line ${journal.damaged.slice(0, 5).join(', ')} could not be read`}); the app keeps the journal aside when it next opens the folder`);
  }
  return { ok: true, account: data.account, warnings };
}
