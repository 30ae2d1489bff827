/** The window's size and place, remembered between runs (a small file beside the account). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { z } from 'zod';
import { fileReplace, realFs } from '../backend/durable.ts';
import type { ElectronApi } from './api.ts';

export const WINDOW_STATE_FILE = 'window-state.json';

const savedSchema = z.object({
  bounds: z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(640), height: z.number().int().min(480) }),
  maximized: z.boolean(),
});

export interface WindowState {
  /** No `x`/`y`: Electron centres the window on the primary screen. */
  readonly bounds: { readonly x?: number; readonly y?: number; readonly width: number; readonly height: number };
  readonly maximized: boolean;
}

export const WINDOW_DEFAULT: WindowState = { bounds: { width: 1200, height: 820 }, maximized: false };

/** The saved place if it is still on a screen that exists (not on a monitor unplugged since), else the default. */
export function windowStateLoad(screen: ElectronApi['screen'], dir: string): WindowState {
  let saved: z.infer<typeof savedSchema>;
  try {
    const parsed = savedSchema.safeParse(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8')));
    if (!parsed.success) return WINDOW_DEFAULT;
    saved = parsed.data;
  } catch {
    return WINDOW_DEFAULT;
  }
  const b = saved.bounds;
  const visible = screen.getAllDisplays().some(({ workArea: a }) => b.x < a.x + a.width && b.x + b.width > a.x && b.y < a.y + a.height && b.y + b.height > a.y);
  return visible ? saved : WINDOW_DEFAULT;
}

/** Remember the window's place when it closes, unless the folder is another process's to write (`canWrite`). */
export function windowStateTrack(dir: string, win: BrowserWindow, canWrite: () => boolean, log: (message: string) => void): void {
  win.on('close', () => {
    if (!canWrite()) return;
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      fileReplace(realFs, join(dir, WINDOW_STATE_FILE), Buffer.from(JSON.stringify(state)));
    } catch (e) {
      // Only the window's place is lost; the account is saved apart from it.
      log(`the window's place could not be saved: ${String(e)}`);
    }
  });
}
