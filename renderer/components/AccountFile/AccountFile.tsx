import { useRef, useState } from 'react';
import type { AccountImportPreview, AccountSummary } from '../../../shared/api.ts';
import type { AppError } from '../../../shared/errors.ts';
import { download } from '../../download.ts';
import { fmtDate } from '../../format.ts';
import { accountSummaryLines, countLabel } from '../../../shared/text.ts';
import { useStore } from '../../store/store.ts';
import { FormError } from '../FormError/FormError.tsx';

/** Save the whole account, its planned projects included, as an account file. */
export async function accountExport(): Promise<void> {
  const { read, notify } = useStore.getState();
  const reply = await read('account-export', {});
  if (reply.ok) download(reply.value.text, reply.value.fileName, 'application/json');
  else notify({ message: `Not exported: ${reply.error.message}` });
}

function SummaryRows({ summary }: { readonly summary: AccountSummary }) {
  return (
    <ul className="account-summary">
      {accountSummaryLines(summary, fmtDate).map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

/** A workspace's name from a file's (`client-b.json` → `client-b`), at most as long as a name may be. */
function workspaceNameOf(fileName: string): string {
  return fileName.replace(/\.json$/i, '').trim().slice(0, 64);
}

type Pending = { readonly name: string; readonly text: string; readonly preview: AccountImportPreview };

export type Props = { readonly label?: string };

/**
 * Import an account file: what it would replace is shown first (the account now
 * and the file's, side by side) and nothing changes until the user says so. An
 * account with nothing in it yet is replaced at once.
 */
export function AccountImport({ label = 'Import an account file…' }: Props) {
  const notify = useStore((s) => s.notify);
  const notifyChange = useStore((s) => s.notifyChange);
  const commit = useStore((s) => s.commit);
  const read = useStore((s) => s.read);
  const fileInput = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [projects, setProjects] = useState<'file' | 'current'>('file');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const workspaceImport = useStore((s) => s.workspaceImport);
  const [workspace, setWorkspace] = useState('');

  async function replace(name: string, text: string, keep: 'file' | 'current') {
    setBusy(true);
    const reply = await commit('account-import', { text, projects: keep });
    setBusy(false);
    if (!reply.ok) return setError(reply.error);
    dialog.current?.close();
    setPending(null);
    notifyChange(`Imported ${name}`);
  }

  async function intoNew(name: string, text: string, workspace: string) {
    setBusy(true);
    const failed = await workspaceImport(workspace, text);
    setBusy(false);
    if (failed) return setError(failed);
    dialog.current?.close();
    setPending(null);
    notifyChange(`Imported ${name} into the new workspace “${workspace.trim()}”`);
  }

  async function choose(file: File) {
    const text = await file.text();
    const reply = await read('account-import-preview', { text });
    if (!reply.ok) return notify({ message: `Not imported: ${reply.error.message}` });
    const { current } = reply.value;
    if (current.events === 0 && current.projects === 0) return replace(file.name, text, 'file');
    setPending({ name: file.name, text, preview: reply.value });
    setProjects('file');
    setWorkspace(workspaceNameOf(file.name));
    setError(null);
    dialog.current?.showModal();
  }

  const p = pending?.preview;
  return (
    <>
      <button type="button" onClick={() => fileInput.current?.click()}>
        {label}
      </button>
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label="Account file to import"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void choose(file);
          e.target.value = '';
        }}
      />
      <dialog ref={dialog} className="card confirm" aria-labelledby="account-import-title" onClose={() => setPending(null)}>
        {pending && p && (
          <form
            method="dialog"
            onSubmit={(e) => {
              e.preventDefault();
              if (!busy) void replace(pending.name, pending.text, projects);
            }}
          >
            <h2 id="account-import-title">Replace your account with {pending.name}?</h2>
            <p>Everything the app shows comes from the account. Importing replaces it as a whole.</p>
            <div className="account-compare">
              <section aria-label="Your account now">
                <h3>Your account now</h3>
                <SummaryRows summary={p.current} />
              </section>
              <section aria-label="From the file">
                <h3>From the file</h3>
                <SummaryRows summary={p.file} />
              </section>
            </div>
            {p.current.projects > 0 && (
              <fieldset>
                <legend>Planned projects</legend>
                <label className="check">
                  <input type="radio" name="projects" checked={projects === 'file'} onChange={() => setProjects('file')} />
                  {p.fileHasProjects ? `Use the file’s ${countLabel(p.file.projects, 'project', 'projects')}` : `Remove my ${countLabel(p.current.projects, 'project', 'projects')} (the file lists none)`}
                </label>
                <label className="check">
                  <input type="radio" name="projects" checked={projects === 'current'} onChange={() => setProjects('current')} />
                  Keep my {countLabel(p.current.projects, 'project', 'projects')}
                </label>
              </fieldset>
            )}
            <fieldset className="account-new">
              <legend>Or keep your account as it is</legend>
              <label>
                New workspace’s name
                <input
                  value={workspace}
                  maxLength={64}
                  onChange={(e) => {
                    setWorkspace(e.target.value);
                    setError(null);
                  }}
                  // Enter here imports into the new workspace: the form's own Enter would replace the account.
                  onKeyDown={(e) => {
                    if (e.key !== 'Enter') return;
                    e.preventDefault();
                    if (!busy && workspace.trim() !== '') void intoNew(pending.name, pending.text, workspace);
                  }}
                  aria-invalid={error?.field === 'name' ? true : undefined}
                  aria-describedby={error?.field === 'name' ? 'account-import-error' : undefined}
                />
              </label>
              <button type="button" disabled={busy || workspace.trim() === ''} onClick={() => void intoNew(pending.name, pending.text, workspace)}>
                Import into a new workspace
              </button>
            </fieldset>
            <FormError error={error} id="account-import-error" />
            <div className="dialog-actions">
              <button type="button" className="link" onClick={() => void accountExport()}>
                Export my account first…
              </button>
              <button type="button" onClick={() => dialog.current?.close()}>
                Cancel
              </button>
              <button type="submit" className="danger-button" disabled={busy}>
                Replace my account
              </button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}
