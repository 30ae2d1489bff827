/**
 * The parts of Electron's main-process API the shell uses. `main.ts` passes the
 * real module; the tests pass `test/fixtures/electronDouble.ts`, so the shell's
 * logic runs here without an Electron binary.
 */
import type * as Electron from 'electron';

export type ElectronApi = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'ipcMain' | 'Menu' | 'Tray' | 'Notification' | 'protocol' | 'shell' | 'dialog' | 'screen' | 'session' | 'nativeTheme' | 'nativeImage' | 'utilityProcess' | 'safeStorage'>;

/** Where the shell writes what a user can send when something goes wrong (electron-log in the app). */
export interface ShellLog {
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
  error(...parts: unknown[]): void;
  /** The log file's path, shown from Help › Show Log File; null when logging goes nowhere a user can open. */
  readonly file: string | null;
}

/** Auto-update (electron-updater in the app): on only when the build names where updates come from. */
export interface Updater {
  readonly enabled: boolean;
  /** Check now; resolves to a sentence for the user (no update, downloading, failed). */
  check(): Promise<string>;
}
