/**
 * The project and the member of every usage of an account's file, as numbers by file index: what History's
 * filters compare as they walk a million usages. Reading each event's object is the slowest of walks (the objects
 * lie all over a large heap: a memory fetch or two each); these lists are read in order, four bytes an event. The
 * replay keeps them (`Replay.tags`), written where it reads the events anyway: all of them when it is built, those
 * an edit changed when it is updated.
 */
import type { AccountEvent } from '../formats/account.ts';
import { memberKey } from '../text.ts';

/** The number of an event that is no usage, in both lists. */
export const NOT_USAGE = -1;
/** The member number of a usage that names nobody. */
export const NOBODY = 0;

export interface UsageTags {
  /** By file index: the number of the usage's project (`projects`), NOT_USAGE for another event. */
  readonly project: Int32Array;
  /** By file index: the number of the usage's member (`members`), NOBODY for a usage naming none, NOT_USAGE for another event. */
  readonly member: Int32Array;
  /**
   * A project's number (1 and up), by its name ('' for the usages naming none), and a member's, by `memberKey` of
   * the name a usage gives. Numbers are only ever added: the replays made one from another share them.
   */
  readonly projects: Map<string, number>;
  readonly members: Map<string, number>;
}

function numberOf(numbers: Map<string, number>, key: string): number {
  let n = numbers.get(key);
  if (n === undefined) numbers.set(key, (n = numbers.size + 1));
  return n;
}

/** Write the numbers of the events at file indices [from, to) into `tags`. */
export function usageTagsFill(tags: UsageTags, events: readonly AccountEvent[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const e = events[i]!;
    if (e.type !== 'usage') {
      tags.project[i] = NOT_USAGE;
      tags.member[i] = NOT_USAGE;
      continue;
    }
    tags.project[i] = numberOf(tags.projects, e.project ?? '');
    tags.member[i] = e.by === undefined ? NOBODY : numberOf(tags.members, memberKey(e.by));
  }
}
