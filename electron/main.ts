/**
 * The desktop shell: one window on the built renderer, the account service on
 * IPC (our page only), electron-store on the same file the browser mode uses.
 * Everything else lives in backend/ and shared/.
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, nativeTheme, session } from 'electron';
import ElectronStore from 'electron-store';
import { pathToFileURL } from 'node:url';
import type { AppState } from '../shared/api.ts';
import { today } from '../shared/dates.ts';
import { serviceCreate } from '../backend/service.ts';
import { storeOpen } from '../backend/store.ts';
import { CHANNEL_CHANGED, CHANNEL_SEND } from './bridge.ts';
import { menuBuild } from './menu.ts';
import { harden, senderIsOurs } from './security.ts';
import { trayCreate } from './tray.ts';
import { windowStateLoad, windowStateTrack } from './windowState.ts';

const here = import.meta.dirname;
const pageFile = join(here, '..', 'renderer', 'index.html');
const pageUrl = pathToFileURL(pageFile).href;
const iconPath = join(here, '..', '..', 'build', 'icon.png');

if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | null = null;

void app.whenReady().then(() => {
  const dir = app.getPath('userData');
  // electron-store, writing through the store's durable write; a folder the browser mode holds opens read-only, with a banner.
  const store = storeOpen({
    dir,
    owner: { app: 'desktop' },
    whenLocked: 'read-only',
    createConf: (o, durable) => new (durable(ElectronStore))({ cwd: o.cwd, name: o.configName, migrations: o.migrations as never, clearInvalidConfig: false, configFileMode: o.configFileMode, serialize: o.serialize }),
  });
  const service = serviceCreate({ store });
  const tray = trayCreate(iconPath, () => win);

  /** The theme and the tray from a state: the one a change just returned, or the current one. */
  function refresh(state: AppState = service.current()): void {
    nativeTheme.themeSource = state.settings.theme;
    tray.update(state, today());
  }

  harden(session.defaultSession, pageUrl);
  ipcMain.handle(CHANNEL_SEND, (event, name: unknown, input: unknown) => {
    if (!senderIsOurs(event, win?.webContents ?? null, pageUrl) || typeof name !== 'string') {
      return { ok: false, error: { code: 'forbidden', message: 'calls are accepted from the app’s own window only' } };
    }
    const reply = service.handle(name, input);
    // Changes answer with the new state: the tray takes it from there rather than computing it again.
    if (reply.ok && typeof reply.value === 'object' && reply.value !== null && 'settings' in reply.value) {
      const state = reply.value as AppState;
      setImmediate(() => refresh(state));
    }
    return reply;
  });

  const changed = () => {
    win?.webContents.send(CHANNEL_CHANGED);
    refresh();
  };
  Menu.setApplicationMenu(menuBuild(service, () => win, changed));

  const state = windowStateLoad(dir);
  win = new BrowserWindow({
    ...state.bounds,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Credit Companion',
    icon: iconPath,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) win.maximize();
  windowStateTrack(dir, win, () => store.readOnly === null);
  win.once('ready-to-show', () => win?.show());
  void win.loadFile(pageFile);
  refresh();
  setInterval(() => refresh(), 60 * 60 * 1000).unref();

  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.show();
    win?.focus();
  });
  app.on('before-quit', () => store.close());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
