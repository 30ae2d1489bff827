/** The projects planned against the account: saved (new, or edited from a revision) and deleted. */
import { reject } from '../../shared/errors.ts';
import type { Project } from '../../shared/formats/project.ts';
import { fresh, mutator, undoable, type Handlers, type Input, type Outcome, type Subject } from './handlers.ts';
import { revisionOfProject } from './revisions.ts';
import type { Session } from './session.ts';

/** The project a save edits, as it is now (gone: another window deleted it); none for a new one. */
function savedSubject(s: Session, { project }: Input<'project-save'>): Subject | null {
  if (project.id === undefined) return null;
  const stored = s.data.projects.find((p) => p.id === project.id);
  return { changedAt: revisionOfProject(s.revisions, project.id), field: 'project', message: () => `Another window ${stored ? `changed the project “${stored.name}”` : `deleted the project “${project.name}”`} since you opened it.` };
}

/** The project a delete takes out, when it is still there (otherwise the delete says it is not found). */
function deletedSubject(s: Session, { id }: Input<'project-delete'>): Subject | null {
  const project = s.data.projects.find((p) => p.id === id);
  return project ? { changedAt: revisionOfProject(s.revisions, id), field: 'project', message: () => `Another window changed the project “${project.name}” since you opened it.` } : null;
}

function projectSave(s: Session, { project }: Input<'project-save'>): Outcome<Record<never, never>> {
  // A new project with the name and date of one already planned is the same project typed twice.
  if (project.id === undefined && s.data.projects.some((p) => p.name === project.name && p.date === project.date)) {
    reject('conflict', 'project.name', `a project named “${project.name}” on ${project.date} is already planned: open it from the list to change it, or give this one another name or date`);
  }
  const saved: Project = { ...project, id: project.id ?? s.newId() };
  const projects = s.data.projects.filter((p) => p.id !== saved.id);
  projects.push(saved);
  projects.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { edit: { op: { op: 'set', data: { projects } }, label: `Saved the project “${saved.name}”` } };
}

function projectDelete(s: Session, { id }: Input<'project-delete'>): Outcome<Record<never, never>> {
  const project = s.data.projects.find((p) => p.id === id);
  if (!project) reject('not-found', 'id', `no project with id ${JSON.stringify(id)}`);
  return { edit: { op: { op: 'set', data: { projects: s.data.projects.filter((p) => p.id !== id) } }, label: `Deleted the project “${project.name}”` } };
}

export const projectHandlers: Handlers<'project-save' | 'project-delete'> = {
  'project-save': mutator(fresh(savedSubject, undoable(projectSave))),
  'project-delete': mutator(fresh(deletedSubject, undoable(projectDelete))),
};
