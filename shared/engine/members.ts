/**
 * Who made the usages (`by`, FORMATS.md): the members an account knows, a name matched to one of them whatever its
 * case or spaces, and what each member used over a span of days, from the replay's own costs.
 */
import { memberKey } from '../text.ts';
import { creditsOf, type Credits, type IsoDate } from '../units.ts';
import { positionWhere, type Replay } from './incremental.ts';

/** The members the usages name, one name each (the spelling first written), sorted by name. */
export function memberNames(counts: ReadonlyMap<string, number>): string[] {
  const names = new Map<string, string>();
  for (const name of counts.keys()) if (!names.has(memberKey(name))) names.set(memberKey(name), name);
  return [...names.values()].sort((a, b) => a.localeCompare(b, 'en'));
}

/** The member `name` means: the account's spelling of a member it knows (`ana ` is the known `Ana`), else `name` trimmed. */
export function memberKnown(counts: ReadonlyMap<string, number>, name: string): string {
  const key = memberKey(name);
  for (const known of counts.keys()) if (memberKey(known) === key) return known;
  return name.trim();
}

/** What one member (null: usages that name none) used over a span: their credits (refused usages cost nothing) and how many usages. */
export interface MemberUse {
  readonly member: string | null;
  readonly credits: Credits;
  readonly usages: number;
}

/**
 * The usages dated `from`…`to` (inclusive) of the replay, by member: each member under the spelling the account first
 * wrote (`names`, from `memberNames`), most credits first, then by name; the usages that name none last.
 */
export function memberUseBetween(r: Replay, from: IsoDate, to: IsoDate, names: readonly string[]): MemberUse[] {
  const events = r.account.events;
  const refused = new Set(r.tip.refused.map((x) => x.index));
  const spelling = new Map(names.map((n) => [memberKey(n), n]));
  const tally = new Map<string | null, { credits: number; usages: number }>();
  const end = positionWhere(r, (date) => date <= to);
  for (let p = positionWhere(r, (date) => date < from); p < end; p++) {
    const i = r.order[p]!;
    const e = events[i]!;
    if (e.type !== 'usage') continue;
    const key = e.by === undefined ? null : memberKey(e.by);
    const t = tally.get(key) ?? { credits: 0, usages: 0 };
    if (!refused.has(i)) t.credits += r.usageCosts[i]!;
    t.usages += 1;
    tally.set(key, t);
  }
  const rows = [...tally].map(([key, t]): MemberUse => ({ member: key === null ? null : (spelling.get(key) ?? key), credits: creditsOf(t.credits), usages: t.usages }));
  // One row names none (null), sorted last: two rows that tie on credits both name a member.
  return rows.sort((a, b) => Number(a.member === null) - Number(b.member === null) || b.credits - a.credits || String(a.member).localeCompare(String(b.member), 'en'));
}
