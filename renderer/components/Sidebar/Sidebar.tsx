import { useEffect } from 'react';
import { NUMBERED } from '../../store/uiSlice.ts';
import { useStore } from '../../store/store.ts';
import { isMac } from '../../platform.ts';
import { WorkspaceSwitcher, workspaceKey } from '../Workspaces/WorkspaceSwitcher.tsx';

/** The workspace shown and the others, then its screens, with Ctrl (⌘ on macOS) + 1… to move between them. */
export function Sidebar() {
  const screen = useStore((s) => s.screen);
  const show = useStore((s) => s.show);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(isMac ? e.metaKey : e.ctrlKey) || e.altKey || e.shiftKey) return;
      const target = NUMBERED[Number(e.key) - 1];
      if (!target) return;
      e.preventDefault();
      show(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [show]);
  return (
    <aside className="sidebar">
      <div className="sidebar__stick">
        <span className="brand">Credit Companion</span>
        <WorkspaceSwitcher />
        <nav aria-label="Screens">
          <ul>
            {NUMBERED.map((s, i) => (
              <li key={s.id}>
                <button type="button" aria-current={screen === s.id ? 'page' : undefined} onClick={() => show(s.id)} title={`${isMac ? '⌘' : 'Ctrl+'}${i + 1}`}>
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="sidebar__all" aria-current={screen === 'overview' ? 'page' : undefined} onClick={() => show('overview')} title={workspaceKey(0)}>
            All workspaces
          </button>
        </nav>
      </div>
    </aside>
  );
}
