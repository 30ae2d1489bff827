/**
 * The desktop shell: one window at a time on `app://credit-companion/` (the
 * built renderer), the account service on IPC (our page only), a tray with the
 * balance and the next expiry, notifications remembered across launches, the
 * macOS lifecycle (the app stays when its last window closes; the Dock, the
 * tray, a second launch or a file recreate the window), single instance (a
 * second launch hands its file or link to the first), files and links opened.
 * It takes Electron as a parameter: main.ts passes the real module, the tests
 * a double. Everything else lives in backend/ and shared/.
 */
import type { BrowserWindow } from 'electron';
import type { AppState } from '../shared/api.ts';
import { today as systemToday } from '../shared/dates.ts';
import type { IsoDate } from '../shared/units.ts';
import { serviceCreate, type Service } from '../backend/service.ts';
import { storeOpen, type StoreOptions } from '../backend/store.ts';
import type { ElectronApi, ShellLog, Updater } from './api.ts';
import { CHANNEL_CHANGED, CHANNEL_SEND } from './bridge.ts';
import { menuBuild, type MenuContext } from './menu.ts';
import { noticeMemoryOpen } from './notices.ts';
import { fileOpen, LINK_SCHEME, launchTargets, linkOpen, type LaunchTarget, type OpenOutcome } from './open.ts';
import { appProtocolServe, appSchemeRegister, PAGE_URL } from './protocol.ts';
import { harden, isOurPage, senderIsOurs } from './security.ts';
import { trayCreate, type TrayHandle } from './tray.ts';
import { windowStateLoad, windowStateTrack } from './windowState.ts';

export interface ShellOptions {
  readonly electron: ElectronApi;
  /** This launch's command line (a file or link on it is opened). */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
  /** The built renderer (`dist/renderer`): the only folder `app://` serves. */
  readonly rendererDir: string;
  readonly preloadPath: string;
  readonly iconPath: string;
  readonly log: ShellLog;
  readonly updater: Updater | null;
  /** electron-store in the app (the tests use the store's default, conf). */
  readonly createConf?: StoreOptions['createConf'];
  /** Today in the user's time zone (tests fix it). */
  readonly today?: () => IsoDate;
}

export interface Shell {
  /** Resolves once the app is ready and the first window is created. */
  readonly ready: Promise<void>;
  /** The open window, or null (closed on macOS). */
  window(): BrowserWindow | null;
  /** Show the window, creating it if there is none. */
  showWindow(): BrowserWindow;
  /** Open a file or link as if the system had handed it over. */
  open(target: LaunchTarget): Promise<OpenOutcome>;
  /** Update the tray and show what notifications are due (run on a timer and after each change). */
  refresh(): void;
  service(): Service;
  tray(): TrayHandle;
}

const HOUR = 60 * 60 * 1000;

/** Milliseconds to the next local midnight: the forecast is a function of the date. */
function msToMidnight(now: Date): number {
  const next = new Date(now);
  next.setHours(24, 0, 1, 0);
  return next.getTime() - now.getTime();
}

/**
 * Start the shell. Returns null when another instance holds the lock: that
 * one gets this launch's command line (`second-instance`) and this one quits.
 */
export function shellStart(options: ShellOptions): Shell | null {
  const { electron, log } = options;
  const { app } = electron;
  const today = options.today ?? systemToday;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  appSchemeRegister(electron.protocol);

  let win: BrowserWindow | null = null;
  let service: Service | null = null;
  let tray: TrayHandle | null = null;
  let ready = false;
  /** Files and links handed over before the app was ready (macOS sends them early). */
  const pending: LaunchTarget[] = launchTargets(options.argv, options.cwd);

  const current = () => (win && !win.isDestroyed() ? win : null);
  /** The window dialogs attach to: a sheet on a window not shown yet (macOS) would never be seen. */
  const dialogParent = () => {
    const w = current();
    return w?.isVisible() ? w : null;
  };
  /** A change made outside the window's own calls (the menu, a file opened): the window hears of it with every other change (`broadcast`); the tray is updated. */
  const changed = () => refresh();

  /** Tell every window showing our page the account's new revision: each reloads what it shows. */
  function broadcast(revision: number): void {
    for (const w of electron.BrowserWindow.getAllWindows()) {
      if (!w.isDestroyed() && isOurPage(w.webContents.mainFrame.url)) w.webContents.send(CHANNEL_CHANGED, revision);
    }
  }

  /** The theme and the tray from a state: the one a change just returned, or the current one. */
  function refresh(state: AppState | null = null): void {
    if (!service || !tray) return;
    const s = state ?? service.current();
    electron.nativeTheme.themeSource = s.settings.theme;
    tray.update(s, today());
  }

  function windowCreate(dir: string): BrowserWindow {
    const place = windowStateLoad(electron.screen, dir);
    const w = new electron.BrowserWindow({
      ...place.bounds,
      minWidth: 1024,
      minHeight: 700,
      show: false,
      title: 'Credit Companion',
      icon: options.iconPath,
      webPreferences: {
        preload: options.preloadPath,
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
    if (place.maximized) w.maximize();
    windowStateTrack(dir, w, () => service?.store.readOnly === null, (m) => log.warn(m));
    w.once('ready-to-show', () => {
      w.show();
      w.focus();
    });
    w.on('closed', () => {
      if (win === w) win = null;
    });
    void w.loadURL(PAGE_URL);
    return w;
  }

  /** Bring the window forward; a new one shows itself once its page is ready (no blank flash). */
  function showWindow(): BrowserWindow {
    const w = current();
    if (!w) return (win = windowCreate(app.getPath('userData')));
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
    return w;
  }

  function open(target: LaunchTarget): Promise<OpenOutcome> {
    const ctx = { electron, service: service!, window: dialogParent, changed, log };
    log.info(`opening ${target.kind === 'file' ? target.path : target.url}`);
    return target.kind === 'file' ? fileOpen(ctx, target.path) : linkOpen(ctx, target.url);
  }

  function handOver(targets: readonly LaunchTarget[]): void {
    if (!ready) {
      pending.push(...targets);
      return;
    }
    for (const t of targets) void open(t);
  }

  // Registered before ready: macOS sends the file or link that launched the app before that.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (ready) showWindow();
    handOver([{ kind: 'file', path }]);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (ready) showWindow();
    handOver([{ kind: 'link', url }]);
  });
  app.on('second-instance', (_event, argv, cwd) => {
    if (!ready) return handOver(launchTargets(argv, cwd));
    showWindow();
    handOver(launchTargets(argv, cwd));
  });
  app.on('window-all-closed', () => {
    // On macOS the app stays in the Dock and the menu bar; the Dock or the tray brings the window back.
    if (options.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (ready) showWindow();
  });

  const started = app.whenReady().then(() => {
    const dir = app.getPath('userData');
    if (app.isPackaged) app.setAsDefaultProtocolClient(LINK_SCHEME);
    // A folder the browser mode holds opens read-only, with a banner.
    const store = storeOpen({ dir, owner: { app: 'desktop' }, whenLocked: 'read-only', log: (m) => log.warn(m), ...(options.createConf ? { createConf: options.createConf } : {}) });
    service = serviceCreate({ store, today, logBug: (name, error) => log.error(`handler ${name} failed`, error) });
    const svc = service;
    svc.subscribe(broadcast);
    app.on('before-quit', () => store.close());
    appProtocolServe(electron.protocol, options.rendererDir);
    harden(electron);
    electron.ipcMain.handle(CHANNEL_SEND, (event, name: unknown, input: unknown) => {
      if (!senderIsOurs(event, current()?.webContents ?? null) || typeof name !== 'string') {
        log.warn(`refused an IPC call from ${event.senderFrame?.url ?? 'a frame that is gone'}`);
        return { ok: false, error: { code: 'forbidden', message: 'calls are accepted from the app’s own window only' } };
      }
      const reply = svc.handle(name, input);
      // Changes answer with the new state: the tray takes it from there rather than computing it again.
      if (reply.ok && typeof reply.value === 'object' && reply.value !== null && 'settings' in reply.value) {
        const state = reply.value as AppState;
        setImmediate(() => refresh(state));
      }
      return reply;
    });
    const menuContext: MenuContext = { electron, service: svc, window: dialogParent, changed, log, platform: options.platform, updater: options.updater };
    electron.Menu.setApplicationMenu(menuBuild(menuContext));
    tray = trayCreate(electron, options.iconPath, () => void showWindow(), noticeMemoryOpen(dir, (m) => log.warn(m)));
    showWindow();
    refresh();
    const tick = () => {
      refresh();
      setTimeout(tick, Math.min(HOUR, msToMidnight(new Date()))).unref();
    };
    setTimeout(tick, Math.min(HOUR, msToMidnight(new Date()))).unref();
    ready = true;
    for (const t of pending.splice(0)) void open(t);
    log.info(`started on ${dir}${store.readOnly ? ' (read-only)' : ''}`);
  });

  return {
    ready: started,
    window: current,
    showWindow,
    open,
    refresh: () => refresh(),
    service: () => service!,
    tray: () => tray!,
  };
}
