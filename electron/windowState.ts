/** The window's size and place, remembered between runs (a small file beside the account). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { fileReplace, realFs } from '../backend/durable.ts';

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const DEFAULT: WindowState = { bounds: { x: 0, y: 0, width: 1200, height: 820 }, maximized: false };

export function windowStateLoad(dir: string): WindowState {
  try {
    const saved = JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')) as WindowState;
    const visible = screen.getAllDisplays().some((d) => {
      const a = d.workArea;
      return saved.bounds.x < a.x + a.width && saved.bounds.x + saved.bounds.width > a.x && saved.bounds.y < a.y + a.height && saved.bounds.y + saved.bounds.height > a.y;
    });
    return visible && saved.bounds.width >= 640 && saved.bounds.height >= 480 ? saved : DEFAULT;
  } catch {
    return DEFAULT;
  }
}

/** Remember the window's place when it closes, unless the folder is another process's to write (`canWrite`). */
export function windowStateTrack(dir: string, win: BrowserWindow, canWrite: () => boolean): void {
  const save = () => {
    if (!canWrite()) return;
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      fileReplace(realFs, join(dir, 'window-state.json'), Buffer.from(JSON.stringify(state)));
    } catch {
      // Only the window's place is lost; the account is saved apart from it.
    }
  };
  win.on('close', save);
}
