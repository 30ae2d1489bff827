/**
 * The member last named in a new usage on this device, kept in this window's storage (never in the account: another
 * device of the team has its own) for each workspace (each account has its own team), to fill in the next entry. What
 * is read back is validated: storage can be edited by hand or written by an older version.
 */
import { z } from 'zod';
import { memberName } from '../../shared/formats/fields.ts';
import { FIRST_WORKSPACE } from '../../shared/workspaces.ts';
import { workspaceShown } from '../bridge.ts';

/** Where the member is kept: under the workspace shown (the first's where a single account kept it). */
function keyOf(): string {
  const workspace = workspaceShown();
  return workspace === undefined || workspace === FIRST_WORKSPACE ? 'credit-companion.member' : `credit-companion.member/${workspace}`;
}

const memorySchema = z.strictObject({ member: memberName });

/** The member last used here ('' for none, or for what no longer reads as a member). */
export function memberRemembered(): string {
  try {
    const parsed = memorySchema.safeParse(JSON.parse(localStorage.getItem(keyOf()) ?? 'null'));
    return parsed.success ? parsed.data.member : '';
  } catch {
    return '';
  }
}

/** Remember the member of the usage just logged here ('': none, and the next entry names nobody either). */
export function memberRemember(member: string): void {
  try {
    if (member.trim() === '') localStorage.removeItem(keyOf());
    else localStorage.setItem(keyOf(), JSON.stringify({ member: member.trim() }));
  } catch {
    // Not remembered (storage full or refused): the usage itself is logged.
  }
}
