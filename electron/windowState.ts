/** The window's size and place, remembered between runs in the app's preferences (backend/prefs.ts). */
import type { BrowserWindow } from 'electron';
import type { PrefsStore, WindowSaved } from '../backend/prefs.ts';
import type { ElectronApi } from './api.ts';

export interface WindowState {
  /** No `x`/`y`: Electron centres the window on the primary screen. */
  readonly bounds: { readonly x?: number; readonly y?: number; readonly width: number; readonly height: number };
  readonly maximized: boolean;
}

export const WINDOW_DEFAULT: WindowState = { bounds: { width: 1200, height: 820 }, maximized: false };

/** The saved place if it is still on a screen that exists (not on a monitor unplugged since), else the default. */
export function windowStateLoad(screen: ElectronApi['screen'], saved: WindowSaved | null): WindowState {
  if (!saved) return WINDOW_DEFAULT;
  const b = saved.bounds;
  const visible = screen.getAllDisplays().some(({ workArea: a }) => b.x < a.x + a.width && b.x + b.width > a.x && b.y < a.y + a.height && b.y + b.height > a.y);
  return visible ? saved : WINDOW_DEFAULT;
}

/** Remember the window's place when it closes, unless the folder is another process's to write (`canWrite`). */
export function windowStateTrack(prefs: PrefsStore, win: BrowserWindow, canWrite: () => boolean, log: (message: string) => void): void {
  win.on('close', () => {
    if (!canWrite()) return;
    try {
      prefs.set('window', { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (e) {
      // Only the window's place is lost; the account is saved apart from it.
      log(`the window's place could not be saved: ${String(e)}`);
    }
  });
}
