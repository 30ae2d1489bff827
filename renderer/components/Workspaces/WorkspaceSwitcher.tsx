import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import { isMac } from '../../platform.ts';
import { useStore } from '../../store/store.ts';
import { FormError } from '../FormError/FormError.tsx';

/** The keys that open the workspace in place `n` (1…9) of the switcher, or the overview (0). */
export const workspaceKey = (n: number) => `${isMac ? '⌘⇧' : 'Ctrl+Shift+'}${n}`;

/** A new workspace's name, asked in place; it opens once made. */
export function WorkspaceNew({ onDone }: { readonly onDone: () => void }) {
  const create = useStore((s) => s.workspaceCreate);
  const [name, setName] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const id = useId();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const failed = await create(name);
    if (failed) return setError(failed);
    onDone();
  }
  return (
    <form className="workspace-new" onSubmit={(e) => void submit(e)}>
      <label htmlFor={id}>New workspace</label>
      <div className="workspace-new__row">
        <input id={id} autoFocus value={name} maxLength={64} placeholder="Client, team or project" onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && onDone()} aria-invalid={error ? true : undefined} />
        <button type="submit" className="primary">
          Create
        </button>
      </div>
      <FormError error={error} />
    </form>
  );
}

/**
 * The workspace shown, and the others a click or Ctrl+Shift+1…9 away (the archived ones are left out); Ctrl+Shift+0
 * shows all of them side by side. The list is read at start and again when another window changes it.
 */
export function WorkspaceSwitcher() {
  const workspaces = useStore((s) => s.workspaces);
  const shown = useStore((s) => s.app?.workspace);
  const follow = useStore((s) => s.workspacesFollow);
  const switchTo = useStore((s) => s.workspaceSwitch);
  const show = useStore((s) => s.show);
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => follow(), [follow]);
  const active = workspaces?.workspaces.filter((w) => !w.archived) ?? [];
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(isMac ? e.metaKey : e.ctrlKey) || !e.shiftKey || e.altKey) return;
      // By the key's place, not its character: Shift+1 types "!" on most layouts.
      const digit = /^Digit(\d)$/.exec(e.code)?.[1];
      if (digit === undefined) return;
      if (digit === '0') {
        e.preventDefault();
        return show('overview');
      }
      const target = active[Number(digit) - 1];
      if (!target) return;
      e.preventDefault();
      void switchTo(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, switchTo, show]);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const close = () => {
    setOpen(false);
    setCreating(false);
  };
  const current = workspaces?.workspaces.find((w) => w.id === shown);
  return (
    <div className="workspace-switch" ref={box} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <button type="button" className="workspace-switch__current" aria-label={`Workspace ${current?.name ?? ''}`.trim()} aria-haspopup="true" aria-expanded={open} aria-controls={open ? menuId : undefined} onClick={() => (open ? close() : setOpen(true))}>
        <span className="workspace-switch__label">Workspace</span>
        <span className="workspace-switch__name">{current?.name ?? '…'}</span>
      </button>
      {open && (
        <div className="workspace-switch__menu card" id={menuId}>
          <ul aria-label="Workspaces">
            {active.map((w, i) => (
              <li key={w.id}>
                <button
                  type="button"
                  aria-current={w.id === shown ? 'true' : undefined}
                  onClick={() => {
                    close();
                    void switchTo(w.id);
                  }}
                >
                  <span>{w.name}</span>
                  {i < 9 && <kbd>{workspaceKey(i + 1)}</kbd>}
                </button>
              </li>
            ))}
            <li>
              <button
                type="button"
                onClick={() => {
                  close();
                  show('overview');
                }}
              >
                <span>All workspaces</span>
                <kbd>{workspaceKey(0)}</kbd>
              </button>
            </li>
          </ul>
          {creating ? (
            <WorkspaceNew onDone={close} />
          ) : (
            <button type="button" className="workspace-switch__new" onClick={() => setCreating(true)}>
              New workspace…
            </button>
          )}
        </div>
      )}
    </div>
  );
}
