/**
 * The project being planned: the draft (kept until it is saved or deleted, and
 * following another window's change to the project while it is not edited), its
 * quote as it is typed, and saving, deleting, reloading and importing it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import { PROJECT_FORMAT, projectParseText, type Project, type ProjectLine } from '../../../shared/formats/project.ts';
import { numberParse, todayIso } from '../../format.ts';
import { draftClear, draftOf, draftPut, draftSaving } from '../../store/drafts.ts';
import { useStore } from '../../store/store.ts';
import { useCall } from '../../useCall.ts';
import { isStale } from '../../components/Conflict/Conflict.tsx';

export type Draft = Omit<Project, 'date'> & { date: string };

const DRAFT = 'project';
/** The account's revision the project being edited was opened at: its save says so, and is refused if another window changed it since. */
const DRAFT_REVISION = 'project-revision';

export function blank(): Draft {
  return { format: PROJECT_FORMAT, name: 'New project', date: todayIso(), resolution: '1080p', customAvatars: 0, lines: [{ feature: 'avatar-iv', minutes: 5 }] };
}

export function useProject() {
  const app = useStore((s) => s.app)!;
  const change = useStore((s) => s.change);
  const notify = useStore((s) => s.notify);
  const notifyChange = useStore((s) => s.notifyChange);
  // The project being worked on survives switching screens and reloading until it is saved or deleted.
  const [draft, setDraftShown] = useState<Draft>(() => draftOf<Draft>(DRAFT) ?? (app.projects[0] ? { ...app.projects[0] } : blank()));
  const setDraft = (next: Draft) => {
    setDraftShown(next);
    draftPut(DRAFT, next);
  };
  const opened = useRef<number>((draftOf(DRAFT) !== undefined ? draftOf<number>(DRAFT_REVISION) : undefined) ?? app.revision);
  const openedSet = (revision: number) => {
    opened.current = revision;
    draftPut(DRAFT_REVISION, revision);
  };
  /** The project shown as it is stored, not edited since: it follows a change made in another window. */
  const asStored = useRef<Draft | null>(draftOf(DRAFT) === undefined && draft.id !== undefined ? draft : null);
  /** Show a project as it is stored now. */
  const projectOpen = (project: Project | undefined, revision: number) => {
    const shown = project ? { ...project } : blank();
    setDraftShown(shown);
    asStored.current = project ? shown : null;
    draftClear(DRAFT);
    openedSet(revision);
  };
  useEffect(() => {
    if (asStored.current === null || draft !== asStored.current) return;
    const stored = app.projects.find((p) => p.id === draft.id);
    if (JSON.stringify(stored) !== JSON.stringify(draft)) projectOpen(stored, app.revision);
  });
  const [retries, setRetries] = useState('1');
  // A failed save (or delete) belongs to the draft it was for; editing the draft clears it.
  const [saveError, setSaveError] = useState<{ readonly for: Draft; readonly error: AppError; readonly deleting: boolean } | null>(null);
  // A second Enter while the first save is on its way would be refused as stale by the first.
  const busy = useRef(false);

  const request = useMemo(() => {
    const factor = numberParse(retries);
    return { project: draft as Project, ...(factor !== undefined && factor >= 1 && factor <= 10 ? { retryFactor: factor } : {}) };
  }, [draft, retries]);
  const { value: lastQuote, error: quoteError } = useCall('quote-run', request, 120);
  const retriesValid = request.retryFactor !== undefined || retries.trim() === '';
  const quote = quoteError ? null : lastQuote;
  const error = (saveError?.for === draft ? saveError.error : null) ?? quoteError;
  // The plan cannot make it whatever the credits: a finding other than the balance says why.
  const blocked = quote?.findings.some((f) => f.rule !== 'insufficient-credits') ?? false;

  const setLine = (i: number, line: ProjectLine) => setDraft({ ...draft, lines: draft.lines.map((l, j) => (j === i ? line : l)) });

  /** Run a save or delete once at a time; `force`: over another window's change. */
  async function once(run: () => Promise<void>) {
    if (busy.current) return;
    busy.current = true;
    try {
      await run();
    } finally {
      busy.current = false;
    }
  }

  /** Delete the project shown, with Undo: it comes back with its id, lines and all. */
  const remove = (force = false) =>
    once(async () => {
      const deleted = draft as Project;
      const err = await draftSaving([DRAFT, DRAFT_REVISION], () => change('project-delete', { id: deleted.id!, revision: opened.current, ...(force ? { force } : {}) }));
      if (isStale(err, 'project')) return setSaveError({ for: draft, error: err, deleting: true });
      if (err) return notify({ message: err.message });
      setSaveError(null);
      projectOpen(undefined, useStore.getState().app!.revision);
      notifyChange(`Deleted “${deleted.name}”`);
    });

  const save = (force = false) =>
    once(async () => {
      const err = await draftSaving([DRAFT, DRAFT_REVISION], () => change('project-save', { project: draft as Project, revision: opened.current, ...(force ? { force } : {}) }));
      setSaveError(err ? { for: draft, error: err, deleting: false } : null);
      if (err) return;
      const state = useStore.getState().app!;
      // An edit is the project of its id; a new one the only project of its name and date (the save refuses a second).
      const saved = draft.id === undefined ? state.projects.find((p) => p.name === draft.name && p.date === draft.date) : state.projects.find((p) => p.id === draft.id);
      projectOpen(saved ?? (draft as Project), state.revision);
      notifyChange(`Saved “${draft.name}”`);
    });

  /** Drop this window's edit for the project as the other window left it (or a new one, if it deleted it). */
  async function reload() {
    await useStore.getState().load();
    const state = useStore.getState().app!;
    setSaveError(null);
    projectOpen(state.projects.find((p) => p.id === draft.id), state.revision);
  }

  async function importFile(file: File) {
    const parsed = projectParseText(await file.text());
    if (!parsed.ok) return notify({ message: `${file.name}: ${parsed.error.message}` });
    setDraft({ ...parsed.value, id: undefined });
  }

  return { app, draft, setDraft, setLine, projectOpen, retries, setRetries, retriesValid, quote, error, blocked, saveError, save, remove, reload, importFile };
}

export type ProjectState = ReturnType<typeof useProject>;
