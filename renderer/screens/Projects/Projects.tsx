import { useRef } from 'react';
import type { Project } from '../../../shared/formats/project.ts';
import { fmtDate } from '../../format.ts';
import { download } from '../../download.ts';
import { NumberInput } from '../../components/NumberInput/NumberInput.tsx';
import { FormError } from '../../components/FormError/FormError.tsx';
import { Conflict, isStale } from '../../components/Conflict/Conflict.tsx';
import { ProjectLines } from './ProjectLines.tsx';
import { QuoteResult } from './QuoteResult.tsx';
import { blank, useProject, type ProjectState } from './useProject.ts';

type ProjectProps = { readonly project: ProjectState };

/** Plan a project: its lines, what it costs, what the plan allows, and whether it fits on its date. */
export function Projects() {
  const project = useProject();
  const { quote, blocked } = project;
  return (
    <main className="screen projects" aria-label="Projects">
      <ProjectList project={project} />
      <section className="card quoter" aria-label="Quote">
        <ProjectHead project={project} />
        <ProjectLines project={project} />
        <ProjectActions project={project} />
      </section>
      {quote && <QuoteResult quote={quote} blocked={blocked} />}
    </main>
  );
}

/** The projects saved, one to open; a new one, or one imported from a project file. */
function ProjectList({ project: { app, draft, setDraft, projectOpen, importFile } }: ProjectProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <section className="card project-list" aria-label="Planned projects">
      <h2>Planned projects</h2>
      <ul>
        {app.projects.map((p) => (
          <li key={p.id}>
            <button type="button" aria-current={draft.id === p.id ? 'true' : undefined} onClick={() => projectOpen(p, app.revision)}>
              <span>{p.name}</span>
              <span className="muted">{fmtDate(p.date)}</span>
            </button>
          </li>
        ))}
      </ul>
      {app.projects.length === 0 && <p className="empty">No planned projects yet: quote one and save it.</p>}
      <div className="inline-form">
        <button type="button" onClick={() => setDraft(blank())}>
          New project
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import…
        </button>
        <input ref={fileInput} type="file" accept="application/json,.json" hidden aria-label="Project file to import" onChange={(e) => { const f = e.target.files?.[0]; if (f) void importFile(f); e.target.value = ''; }} />
      </div>
    </section>
  );
}

/** The project's name, date, export resolution and custom avatars, and the retries the quote counts on. */
function ProjectHead({ project: { draft, setDraft, save, retries, setRetries, retriesValid } }: ProjectProps) {
  return (
    <form className="project-head" aria-label="Project" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label>
        Name
        <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
      </label>
      <label>
        Date
        <input type="date" value={draft.date} onChange={(e) => setDraft({ ...draft, date: e.target.value })} />
      </label>
      <label>
        Export
        <select value={draft.resolution ?? '1080p'} onChange={(e) => setDraft({ ...draft, resolution: e.target.value as Project['resolution'] })}>
          <option value="720p">720p</option>
          <option value="1080p">1080p</option>
          <option value="4k">4K</option>
        </select>
      </label>
      <label>
        Custom avatars
        <NumberInput label="Custom avatars" value={draft.customAvatars} whole placeholder="0" onChange={(n) => setDraft({ ...draft, customAvatars: n })} />
      </label>
      <label>
        Expected retries (× generations)
        <input inputMode="decimal" value={retries} onChange={(e) => setRetries(e.target.value)} aria-invalid={!retriesValid} aria-describedby={retriesValid ? undefined : 'retries-error'} />
        {!retriesValid && (
          <span className="field-error" id="retries-error">
            a number from 1 to 10, like 1.5; the quote leaves retries out until then
          </span>
        )}
      </label>
    </form>
  );
}

/** Add a line, save, export or delete the project; a save refused for another window's change asks what to do. */
function ProjectActions({ project: { draft, setDraft, save, remove, reload, saveError, error } }: ProjectProps) {
  return (
    <>
      <div className="inline-form">
        <button type="button" onClick={() => setDraft({ ...draft, lines: [...draft.lines, { feature: 'avatar-iv', minutes: 1 }] })}>Add a line</button>
        <button type="button" className="primary" onClick={() => void save()}>Save project</button>
        <button type="button" onClick={() => download(`${JSON.stringify({ ...draft, id: undefined }, null, 2)}\n`, `${draft.name.replace(/[^\w-]+/g, '-')}.project.json`, 'application/json')}>Export…</button>
        {draft.id && (
          <button type="button" onClick={() => void remove()}>Delete</button>
        )}
      </div>
      {saveError?.for === draft && isStale(saveError.error, 'project') ? (
        <Conflict
          error={saveError.error}
          onReload={() => void reload()}
          onOverwrite={() => void (saveError.deleting ? remove(true) : save(true))}
          {...(saveError.deleting ? { overwriteLabel: 'Delete anyway', hint: 'Reload to see their version, or delete it anyway.' } : {})}
        />
      ) : (
        <FormError error={error} />
      )}
    </>
  );
}
