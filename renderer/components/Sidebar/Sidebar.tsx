import { useEffect } from 'react';
import { SCREENS } from '../../store/uiSlice.ts';
import { useStore } from '../../store/store.ts';
import { isMac } from '../../platform.ts';

/** The screens, with Ctrl (⌘ on macOS) + 1… to move between them. */
export function Sidebar() {
  const screen = useStore((s) => s.screen);
  const show = useStore((s) => s.show);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(isMac ? e.metaKey : e.ctrlKey) || e.altKey || e.shiftKey) return;
      const target = SCREENS[Number(e.key) - 1];
      if (!target) return;
      e.preventDefault();
      show(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [show]);
  return (
    <nav className="sidebar" aria-label="Screens">
      <span className="brand">Credit Companion</span>
      <ul>
        {SCREENS.map((s, i) => (
          <li key={s.id}>
            <button type="button" aria-current={screen === s.id ? 'page' : undefined} onClick={() => show(s.id)} title={`${isMac ? '⌘' : 'Ctrl+'}${i + 1}`}>
              {s.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
