/**
 * The team sync as the page words it: "synced 12 s ago", "3 changes waiting", "offline since 10:42", "conflict: 1";
 * and each version of a conflict, what it is and who made it where. Pure: the time now is given.
 */
import type { SyncVersion, SyncView } from '../shared/api.ts';
import { eventTitle } from '../shared/engine/history.ts';
import { accountEventSchema } from '../shared/formats/account.ts';
import { ACCOUNT_ENTRY, PROJECT_ENTRY } from '../shared/sync/entries.ts';
import { fmtDate } from './format.ts';

/** How the indicator looks: all in step, something waits (offline, changes not pushed yet), something to act on. */
export type SyncTone = 'good' | 'wait' | 'act';

export interface SyncWords {
  /** The indicator's short parts, in order. */
  readonly parts: readonly string[];
  readonly tone: SyncTone;
  /** The accessible name: what the parts say, with the workspace. */
  readonly label: string;
}

/** How long ago, from `ms` milliseconds: "just now", "12 s ago", "3 min ago", "2 h ago", "4 days ago". A time ahead of now (another clock) is "just now". */
export function syncAgo(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  const days = Math.floor(s / 86_400);
  return `${days} ${days === 1 ? 'day' : 'days'} ago`;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** A moment as the status says it: the time of day ("10:42"), the date before it when it is not today's. */
export function syncWhen(iso: string, now: number): string {
  const at = new Date(iso);
  const time = clock.format(at);
  if (at.toDateString() === new Date(now).toDateString()) return time;
  const day = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  return `${fmtDate(day)}, ${time}`;
}

/** What the indicator says of `sync` at `now` (ms since the epoch). */
export function syncWords(sync: SyncView, now: number): SyncWords {
  const parts: string[] = [];
  switch (sync.phase) {
    case 'synced':
      parts.push(sync.lastSyncAt === null ? 'synced' : `synced ${syncAgo(now - Date.parse(sync.lastSyncAt))}`);
      break;
    case 'offline':
      parts.push(`offline since ${syncWhen(sync.since, now)}`);
      break;
    case 'refused':
      parts.push('not synced: the team’s changes cannot be brought in');
      break;
    case 'failed':
      parts.push('not synced: the server refused this device');
      break;
    case 'idle':
      // Connected once changes come in: they say it.
      if (sync.receiving === null) parts.push('connecting…');
      break;
  }
  if (sync.receiving !== null) parts.push(`receiving ${sync.receiving.done.toLocaleString()} of ${sync.receiving.total.toLocaleString()} changes`);
  if (sync.pending > 0) parts.push(`${sync.pending} ${sync.pending === 1 ? 'change' : 'changes'} waiting`);
  if (sync.conflicts.length > 0) parts.push(`conflict: ${sync.conflicts.length}`);
  const tone: SyncTone = sync.conflicts.length > 0 || sync.phase === 'refused' || sync.phase === 'failed' ? 'act' : sync.phase === 'synced' && sync.pending === 0 && sync.receiving === null ? 'good' : 'wait';
  return { parts, tone, label: `Team sync of “${sync.workspace}”: ${parts.join(', ')}` };
}

/** What a version of a conflicting entry is: the event as it made it, a project, the account's prices, or its deletion. */
export function syncVersionWhat(eventId: string, version: SyncVersion): string {
  const { body } = version;
  if (body === null) return 'Deleted';
  if (eventId === ACCOUNT_ENTRY) return 'The account’s prices and free quota';
  if (eventId.startsWith(PROJECT_ENTRY)) return `Project “${typeof body.name === 'string' ? body.name : eventId.slice(PROJECT_ENTRY.length)}”`;
  const event = accountEventSchema.safeParse(body);
  return event.success ? `${eventTitle(event.data)}, ${fmtDate(event.data.date)}` : 'An entry this version of the app cannot read';
}

/** Who made a version, and where: "Alice on this device", "Bob on device 3f2a9c1d"; the device alone when the link names no member ("On this device"). */
export function syncVersionWho(version: SyncVersion, device: string): string {
  const where = version.device === device ? 'this device' : `device ${version.device.slice(0, 8)}`;
  return version.member === null ? `On ${where}` : `${version.member} on ${where}`;
}
