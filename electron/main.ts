/**
 * The desktop app's entry: the shell (shell.ts) on the real Electron, with the
 * account service in a utility process (`worker.mjs`, from backend/worker.ts),
 * electron-log for a log file a user can send
 * (Help › Show Log File), electron-store for the app's preferences
 * (backend/prefs.ts), and electron-updater when the build names where
 * updates come from (electron-builder writes `app-update.yml` only when
 * `publish` is set; until then the menu says updates are off).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, nativeTheme, Notification, protocol, screen, session, shell as electronShell, Tray, utilityProcess, safeStorage } from 'electron';
import log from 'electron-log/main';
import ElectronStore from 'electron-store';
import updater from 'electron-updater';
import type { Updater } from './api.ts';
import { shellStart } from './shell.ts';

const here = import.meta.dirname;
log.errorHandler.startCatching();

const updates: Updater = {
  enabled: app.isPackaged && existsSync(join(process.resourcesPath, 'app-update.yml')),
  async check() {
    const { autoUpdater } = updater;
    autoUpdater.logger = log;
    try {
      const result = await autoUpdater.checkForUpdatesAndNotify();
      return result?.isUpdateAvailable ? `Version ${result.updateInfo.version} is downloading; it is installed when you quit.` : 'You have the latest version.';
    } catch (e) {
      log.error('update check failed', e);
      return `The update check failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  },
};

const shell = shellStart({
  electron: { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, nativeTheme, Notification, protocol, screen, session, shell: electronShell, Tray, utilityProcess, safeStorage },
  argv: process.argv,
  cwd: process.cwd(),
  platform: process.platform,
  rendererDir: join(here, '..', 'renderer'),
  preloadPath: join(here, 'preload.cjs'),
  iconPath: join(here, '..', '..', 'build', 'icon.png'),
  log: { info: log.info, warn: log.warn, error: log.error, file: log.transports.file.getFile().path },
  updater: updates,
  serviceEntry: join(here, 'worker.mjs'),
  prefs: (options) => new ElectronStore(options),
});

if (updates.enabled) void shell?.ready.then(() => updates.check());
