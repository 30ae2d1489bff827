/**
 * The calls about the workspaces themselves, beside the account service's (`api.ts`): answered by the workspace hub
 * (backend/workspaceHub.ts), which holds one service per workspace and routes every other call to the workspace it
 * names. The bridges carry both the same way.
 */
import { z } from 'zod';
import type { ApiReply } from './api.ts';
import type { AppError } from './errors.ts';
import { isoDate } from './formats/fields.ts';
import type { OverviewRow } from './overview.ts';
import type { IsoDate } from './units.ts';
import { workspaceId, workspaceName, type WorkspaceEntry } from './workspaces.ts';

/** The header (HTTP) naming the workspace a call is for; absent: the one open last. */
export const WORKSPACE_HEADER = 'x-cc-workspace';

export const workspaceApi = {
  /** The workspaces and the one open last. */
  'workspaces-get': { input: z.strictObject({}) },
  /** A new, empty workspace (its first-run screen offers the demo, an import or a start); it becomes the one open. */
  'workspace-create': { input: z.strictObject({ name: workspaceName }) },
  'workspace-rename': { input: z.strictObject({ id: workspaceId, name: workspaceName }) },
  /** Archived: left out of the switcher's shortcuts and the overview; its data kept as it is. */
  'workspace-archive': { input: z.strictObject({ id: workspaceId, archived: z.boolean() }) },
  /** Its folder moved aside (`deleted/`), out of the list; `workspace-restore` with what the reply says brings it back. */
  'workspace-delete': { input: z.strictObject({ id: workspaceId, confirm: z.literal('delete', { error: 'must be "delete": the user confirmed it' }) }) },
  'workspace-restore': { input: z.strictObject({ deleted: z.string().regex(/^[a-z0-9-]{1,48}@\d{13}$/, { error: 'must be what workspace-delete answered' }) }) },
  /** The workspace the app opens from now on (this window's is whichever its calls name). */
  'workspace-switch': { input: z.strictObject({ id: workspaceId }) },
  /** Every workspace not archived, needing attention first. */
  'overview-get': { input: z.strictObject({ at: isoDate.optional() }) },
} as const;

export type WorkspaceCall = keyof typeof workspaceApi;
export type WorkspaceInput<K extends WorkspaceCall> = z.input<(typeof workspaceApi)[K]['input']>;

export interface Workspaces {
  readonly workspaces: readonly WorkspaceEntry[];
  /** The one open last: a window without a workspace of its own opens it. */
  readonly current: string;
  /** One more with every change to the list (a window hears it, as the account's revision). */
  readonly revision: number;
}

export interface WorkspaceOutputs {
  'workspaces-get': Workspaces;
  'workspace-create': Workspaces & { readonly created: string };
  'workspace-rename': Workspaces;
  'workspace-archive': Workspaces;
  /** `deleted`: what `workspace-restore` takes to bring it back. */
  'workspace-delete': Workspaces & { readonly deleted: string };
  'workspace-restore': Workspaces & { readonly restored: string };
  /**
   * `shown`: the workspace's first screen, in the same reply (a window switching shows it without asking again): its
   * state (drawn from its snapshot, `opening`, while its account is still read), or why it cannot be read.
   */
  'workspace-switch': Workspaces & { readonly shown: ApiReply<'state-get'> };
  /** `empty`: the workspaces with nothing recorded yet; `unread`: those that could not be read, and why. */
  'overview-get': {
    readonly at: IsoDate;
    readonly rows: readonly OverviewRow[];
    readonly empty: readonly { readonly id: string; readonly name: string }[];
    readonly unread: readonly { readonly id: string; readonly name: string; readonly reason: string }[];
  };
}

export type WorkspaceReply<K extends WorkspaceCall> = { readonly ok: true; readonly value: WorkspaceOutputs[K] } | { readonly ok: false; readonly error: AppError };

export function isWorkspaceCall(name: string): name is WorkspaceCall {
  return Object.hasOwn(workspaceApi, name);
}
