/**
 * What the app opens besides its window: an account file (the import's
 * confirmation, as File › Import Account shows it), a project file or a
 * `credit-companion://` link (the project's quote, with a choice to add it to
 * the projects). They arrive on the command line (Windows, Linux, a second
 * launch) or as macOS `open-file`/`open-url` events.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { BrowserWindow, MessageBoxOptions } from 'electron';
import type { ServiceHost } from '../backend/host.ts';
import type { AccountImportPreview } from '../shared/api.ts';
import type { Quote } from '../shared/engine/quote.ts';
import { jsonParse } from '../shared/formats/json.ts';
import { PROJECT_FORMAT, type Project } from '../shared/formats/project.ts';
import { accountSummaryLines, numberLabel, usdLabel } from '../shared/text.ts';
import { creditsToNumber, type Credits } from '../shared/units.ts';
import { FILE_WORDS, findingText } from '../shared/wording.ts';
import type { ElectronApi, ShellLog } from './api.ts';

export const ACCOUNT_EXT = 'ccaccount';
export const PROJECT_EXT = 'ccproject';
export const LINK_SCHEME = 'credit-companion';
/** The largest file opened: the contract's limit for an account file's text. */
const FILE_LIMIT = 32 * 1024 * 1024;

export type LaunchTarget = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'link'; readonly url: string };

/** The files and links on a command line (`argv` of this launch or of a second one), paths resolved from `cwd`. */
export function launchTargets(argv: readonly string[], cwd: string): LaunchTarget[] {
  return argv.slice(1).flatMap((arg): LaunchTarget[] => {
    if (arg.toLowerCase().startsWith(`${LINK_SCHEME}:`)) return [{ kind: 'link', url: arg }];
    if (arg.startsWith('-')) return [];
    const ext = extname(arg).slice(1).toLowerCase();
    return ext === ACCOUNT_EXT || ext === PROJECT_EXT || ext === 'json' ? [{ kind: 'file', path: resolve(cwd, arg) }] : [];
  });
}

export interface OpenContext {
  readonly electron: Pick<ElectronApi, 'dialog'>;
  readonly service: Pick<ServiceHost, 'handle' | 'current'>;
  /** The window dialogs attach to, if one is shown. */
  window(): BrowserWindow | null;
  /** The account or projects changed outside the window's own calls. */
  changed(): void;
  readonly log: ShellLog;
}

export type OpenOutcome = 'imported' | 'added' | 'shown' | 'cancelled' | 'refused';

const dateLabel = (iso: string) => new Date(`${iso}T00:00:00`).toLocaleDateString(undefined, { dateStyle: 'medium' });

async function ask(ctx: OpenContext, options: MessageBoxOptions): Promise<number> {
  const w = ctx.window();
  return (await (w ? ctx.electron.dialog.showMessageBox(w, options) : ctx.electron.dialog.showMessageBox(options))).response;
}

function refuse(ctx: OpenContext, title: string, what: string, message: string): 'refused' {
  ctx.log.warn(`${title}: ${what}: ${message}`);
  ctx.electron.dialog.showErrorBox(title, `${what}\n\n${message}\n\nNothing was changed.`);
  return 'refused';
}

/** Replace the account with a file's text, after showing both side by side (nothing is replaced unless confirmed). */
export async function accountImportText(ctx: OpenContext, text: string, name: string): Promise<OpenOutcome> {
  const title = 'The account was not imported';
  const preview = await ctx.service.handle('account-import-preview', { text });
  if (!preview.ok) return refuse(ctx, title, name, preview.error.message);
  const { current, file: incoming, fileHasProjects } = preview.value as AccountImportPreview;
  let projects: 'file' | 'current' = 'file';
  if (current.events > 0 || current.projects > 0) {
    const buttons = ['Replace my account', ...(current.projects > 0 ? ['Replace it, keep my projects'] : []), 'Cancel'];
    const answer = await ask(ctx, {
      type: 'warning',
      message: `Replace your account with ${name}?`,
      detail: `Your account now:\n${accountSummaryLines(current, dateLabel).join('\n')}\n\nFrom the file:\n${accountSummaryLines(incoming, dateLabel).join('\n')}${current.projects > 0 && !fileHasProjects ? '\n\nThe file lists no planned projects.' : ''}`,
      buttons,
      defaultId: buttons.length - 1,
      cancelId: buttons.length - 1,
    });
    if (answer === buttons.length - 1) return 'cancelled';
    if (answer === 1) projects = 'current';
  }
  const reply = await ctx.service.handle('account-import', { text, projects });
  if (!reply.ok) return refuse(ctx, title, name, reply.error.message);
  ctx.log.info(`account imported from ${name}`);
  ctx.changed();
  return 'imported';
}

/** A project's quote in a native dialog, with "Add to Projects" when it is not in the list yet. */
export async function projectQuoteShow(ctx: OpenContext, input: unknown, from: string): Promise<OpenOutcome> {
  const title = 'The project could not be quoted';
  const reply = await ctx.service.handle('quote-run', { project: input });
  if (!reply.ok) return refuse(ctx, title, from, reply.error.message);
  const quote = reply.value as Quote;
  const project = input as Project;
  const listed = (await ctx.service.current()).projects.some((p) => (project.id !== undefined && p.id === project.id) || (p.name === project.name && p.date === project.date));
  const credits = (c: Credits) => numberLabel(Math.round(creditsToNumber(c) * 100) / 100);
  const lines = [
    `${credits(quote.credits)} credits${quote.creditsHigh !== quote.credits ? ` (up to ${credits(quote.creditsHigh)} with retries)` : ''} on ${project.date}`,
    ...quote.lines.slice(0, 8).map((l) => `• ${l.name}: ${credits(l.credits)} credits`),
    ...(quote.lines.length > 8 ? [`• and ${quote.lines.length - 8} more lines`] : []),
    ...(quote.cost ? [`Cost: ${usdLabel(quote.cost.amount)}${quote.cost.amountHigh !== quote.cost.amount ? ` to ${usdLabel(quote.cost.amountHigh)}` : ''} (${quote.cost.basis})`] : []),
    ...(quote.account ? [quote.account.fits ? `Your balance on ${quote.account.date} covers it.` : `Your balance on ${quote.account.date} is short by ${credits(quote.account.shortfall)} credits.`] : []),
    ...quote.findings.map((f) => `! ${findingText(f, FILE_WORDS)}`),
  ];
  const buttons = listed ? ['Close'] : ['Add to Projects', 'Close'];
  const answer = await ask(ctx, { type: 'info', message: `Quote: ${project.name}`, detail: lines.join('\n'), buttons, defaultId: 0, cancelId: buttons.length - 1 });
  if (listed || answer !== 0) return 'shown';
  // Added as a new project: an id from another machine's list means nothing in this one.
  const saved = await ctx.service.handle('project-save', { project: { ...project, id: undefined } });
  if (!saved.ok) return refuse(ctx, 'The project was not added', project.name, saved.error.message);
  ctx.changed();
  return 'added';
}

/** Open a file the app was given: a project file shows its quote, anything else is offered as an account to import. */
export async function fileOpen(ctx: OpenContext, path: string): Promise<OpenOutcome> {
  const name = basename(path);
  let text: string;
  try {
    if (statSync(path).size > FILE_LIMIT) return refuse(ctx, 'The file could not be opened', path, 'it is larger than any account or project file (32 MB)');
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return refuse(ctx, 'The file could not be opened', path, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : String(e));
  }
  const json = jsonParse(text);
  if (json.ok && typeof json.value === 'object' && json.value !== null && (json.value as { format?: unknown }).format === PROJECT_FORMAT) return projectQuoteShow(ctx, json.value, name);
  return accountImportText(ctx, text, name);
}

/** Open a `credit-companion://` link: `quote?project=BASE64URL` (a project file carried in the link) or `project/ID` (one in the list). */
export async function linkOpen(ctx: OpenContext, url: string): Promise<OpenOutcome> {
  const title = 'The link could not be opened';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse(ctx, title, url, 'it is not a link');
  }
  if (parsed.protocol !== `${LINK_SCHEME}:`) return refuse(ctx, title, url, `it is not a ${LINK_SCHEME}:// link`);
  if (parsed.host === 'quote') {
    const carried = parsed.searchParams.get('project');
    if (!carried) return refuse(ctx, title, url, 'project: required (the project file, base64url-encoded)');
    const json = jsonParse(Buffer.from(carried, 'base64url').toString('utf8'));
    if (!json.ok) return refuse(ctx, title, url, `project: ${json.error.message}`);
    return projectQuoteShow(ctx, json.value, 'the link');
  }
  if (parsed.host !== 'project') return refuse(ctx, title, url, 'use credit-companion://quote?project=… or credit-companion://project/ID');
  const id = decodeURIComponent(parsed.pathname.slice(1));
  const project = (await ctx.service.current()).projects.find((p) => p.id === id);
  if (!project) return refuse(ctx, title, url, `id: no project with id ${JSON.stringify(id)}`);
  return projectQuoteShow(ctx, project, project.name);
}
