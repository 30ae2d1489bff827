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
import { appStateOf, type AppState } from '../shared/api.ts';
import { today as systemToday } from '../shared/dates.ts';
import type { IsoDate } from '../shared/units.ts';
import { hostSpare, hostSpawn, type ServiceHost } from '../backend/host.ts';
import type { Reply } from '../backend/hostProtocol.ts';
import { workspaceHub, type WorkspaceHub } from '../backend/workspaceHub.ts';
import { workspaceId } from '../shared/workspaces.ts';
import type { ElectronApi, ShellLog, Updater } from './api.ts';
import { CHANNEL_CHANGED, CHANNEL_SEND, CHANNEL_WORKSPACES } from './bridge.ts';
import { menuBuild, type MenuContext } from './menu.ts';
import { noticeMemoryOpen } from './notices.ts';
import { prefsOpen, type PrefsMake, type PrefsStore } from '../backend/prefs.ts';
import { fileOpen, LINK_SCHEME, launchTargets, linkOpen, type LaunchTarget, type OpenOutcome } from './open.ts';
import { appProtocolServe, appSchemeRegister, PAGE_URL } from './protocol.ts';
import { harden, isOurPage, senderIsOurs } from './security.ts';
import { utilityProcessLink } from './serviceProcess.ts';
import { safeStorageSecrets } from './secrets.ts';
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
  /** The account service's entry, run in a utility process (`worker.mjs`, bundled from backend/worker.ts). */
  readonly serviceEntry: string;
  /** The app's preferences store from its options: electron-store in the app (conf in tests, the same options). */
  readonly prefs: PrefsMake;
  /** Today in the user's time zone (tests fix it: the service is then given the date it says at start). */
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
  refresh(): Promise<void>;
  /** The service of the workspace open last. */
  service(): ServiceHost;
  /** Every workspace's service. */
  hub(): WorkspaceHub;
  tray(): TrayHandle;
}

const HOUR = 60 * 60 * 1000;
/** How long after the window shows the other workspaces start opening. */
const WARM_AFTER_MS = 1500;

/** Milliseconds to the next local midnight: the forecast is a function of the date. */
function msToMidnight(now: Date): number {
  const next = new Date(now);
  next.setHours(24, 0, 1, 0);
  return next.getTime() - now.getTime();
}

/** One shell's state: the window, the service once opened, the tray, and what was handed over before it was ready. */
interface ShellRun {
  readonly options: ShellOptions;
  readonly electron: ElectronApi;
  readonly log: ShellLog;
  readonly today: () => IsoDate;
  win: BrowserWindow | null;
  /** The workspaces' services, once the app is ready; `service` the one open last. */
  hub: WorkspaceHub | null;
  service: ServiceHost | null;
  tray: TrayHandle | null;
  /** The app's preferences, once the app is ready. */
  prefs: PrefsStore | null;
  ready: boolean;
  /** Files and links handed over before the app was ready (macOS sends them early). */
  readonly pending: LaunchTarget[];
}

function current(run: ShellRun): BrowserWindow | null {
  return run.win && !run.win.isDestroyed() ? run.win : null;
}

/** The window dialogs attach to: a sheet on a window not shown yet (macOS) would never be seen. */
function dialogParent(run: ShellRun): BrowserWindow | null {
  const w = current(run);
  return w?.isVisible() ? w : null;
}

/** Tell every window showing our page something on `channel`: a workspace's new revision (each reloads what it shows of it), or that the list changed. */
function broadcast(run: ShellRun, channel: string, ...args: unknown[]): void {
  for (const w of run.electron.BrowserWindow.getAllWindows()) {
    if (!w.isDestroyed() && isOurPage(w.webContents.mainFrame.url)) w.webContents.send(channel, ...args);
  }
}

/** The theme from a state (the one a change just returned, or the workspace open last's), and the tray from every workspace's. */
async function refresh(run: ShellRun, state: AppState | null = null): Promise<void> {
  if (!run.hub || !run.tray) return;
  const s = state ?? (await run.hub.current());
  run.electron.nativeTheme.themeSource = s.settings.theme;
  run.tray.update(await run.hub.states(), run.today());
}

/** What files, links and the menu act on: the workspace open last. */
function lastOpen(hub: WorkspaceHub): Pick<ServiceHost, 'handle' | 'current'> {
  return { handle: (name, input) => hub.handle(name, input) as Promise<Reply>, current: () => hub.current() };
}

/** What the menu and the files and links opened act through; `changed`: a change made outside the window's own calls (the window hears of it with every other change; the tray is updated). */
function actions(run: ShellRun, hub: WorkspaceHub) {
  return { electron: run.electron, service: lastOpen(hub), window: () => dialogParent(run), changed: () => void refresh(run), log: run.log };
}

function windowCreate(run: ShellRun): BrowserWindow {
  const { electron, options, prefs } = run;
  const place = windowStateLoad(electron.screen, prefs?.get('window') ?? null);
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
  if (prefs) windowStateTrack(prefs, w, () => run.service?.readOnly() === null, (m) => run.log.warn(m));
  w.once('ready-to-show', () => {
    w.show();
    w.focus();
  });
  w.on('closed', () => {
    if (run.win === w) run.win = null;
  });
  void w.loadURL(PAGE_URL);
  return w;
}

/** Bring the window forward; a new one shows itself once its page is ready (no blank flash). */
function showWindow(run: ShellRun): BrowserWindow {
  const w = current(run);
  if (!w) return (run.win = windowCreate(run));
  if (w.isMinimized()) w.restore();
  w.show();
  w.focus();
  return w;
}

function open(run: ShellRun, target: LaunchTarget): Promise<OpenOutcome> {
  const ctx = actions(run, run.hub!);
  run.log.info(`opening ${target.kind === 'file' ? target.path : target.url}`);
  return target.kind === 'file' ? fileOpen(ctx, target.path) : linkOpen(ctx, target.url);
}

function handOver(run: ShellRun, targets: readonly LaunchTarget[]): void {
  if (!run.ready) {
    run.pending.push(...targets);
    return;
  }
  for (const t of targets) void open(run, t);
}

/** The app's events, registered before ready: macOS sends the file or link that launched the app before that. */
function appListen(run: ShellRun): void {
  const { app } = run.electron;
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (run.ready) showWindow(run);
    handOver(run, [{ kind: 'file', path }]);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (run.ready) showWindow(run);
    handOver(run, [{ kind: 'link', url }]);
  });
  app.on('second-instance', (_event, argv, cwd) => {
    if (!run.ready) return handOver(run, launchTargets(argv, cwd));
    showWindow(run);
    handOver(run, launchTargets(argv, cwd));
  });
  app.on('window-all-closed', () => {
    // On macOS the app stays in the Dock and the menu bar; the Dock or the tray brings the window back.
    if (run.options.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (run.ready) showWindow(run);
  });
}

/**
 * Open the data folder's workspaces, each in its own utility process when first used, the one open last at once;
 * null (the app quits, having said why) when that one cannot be opened.
 */
async function hubStart(run: ShellRun, dir: string, prefs: PrefsStore): Promise<WorkspaceHub | null> {
  const { electron, options, log } = run;
  // With several workspaces, the next one's process starts ahead: a switch to a workspace not open then waits for its
  // folder alone. One workspace alone keeps no idle process.
  const spare = hostSpare(
    () => hostSpawn({ spawn: () => utilityProcessLink(electron, options.serviceEntry), log: { warn: (m) => log.warn(m), error: (m) => log.error(m) }, secrets: safeStorageSecrets(electron.safeStorage, log, undefined, options.platform) }),
    null,
    () => hub.workspaces().workspaces.length > 1,
  );
  const hub = workspaceHub({
    dataDir: dir,
    prefs,
    ...(options.today ? { today: options.today } : {}),
    // A workspace the browser mode holds opens read-only, with a banner.
    open: async (workspaceDir, _first, id) => {
      const svc = await spare.open({ dir: workspaceDir, owner: { app: 'desktop' }, whenLocked: 'read-only', ...(options.today ? { today: options.today() } : {}) });
      // A crashed service is restarted once: the windows read what they show again, and its next state says what happened.
      svc.onRestart((restarted) => {
        log.error(restarted ? 'the account service stopped and was restarted' : 'the account service stopped again and was not restarted');
        broadcast(run, CHANNEL_CHANGED, svc.revision(), id);
      });
      return svc;
    },
  });
  try {
    run.service = await hub.host();
  } catch (e) {
    spare.end();
    log.error('the account service could not open the data folder', e);
    electron.dialog.showErrorBox('Credit Companion cannot open its data', e instanceof Error ? e.message : String(e));
    electron.app.quit();
    return null;
  }
  run.hub = hub;
  hub.subscribe((revision, workspace) => broadcast(run, CHANNEL_CHANGED, revision, workspace));
  hub.onList(() => {
    broadcast(run, CHANNEL_WORKSPACES);
    void hub.host().then((svc) => (run.service = svc));
    void refresh(run);
  });
  let closed = false;
  // Each workspace's service compacts and releases its folder before the app quits.
  electron.app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    spare.end();
    void hub.close().then(() => {
      closed = true;
      electron.app.quit();
    });
  });
  return hub;
}

/** The services on IPC, for our page only: each call names its workspace (or goes to the one open last). */
function ipcServe(run: ShellRun, hub: WorkspaceHub): void {
  run.electron.ipcMain.handle(CHANNEL_SEND, (event, name: unknown, input: unknown, workspace: unknown) => {
    if (!senderIsOurs(event, current(run)?.webContents ?? null) || typeof name !== 'string') {
      run.log.warn(`refused an IPC call from ${event.senderFrame?.url ?? 'a frame that is gone'}`);
      return { ok: false, error: { code: 'forbidden', message: 'calls are accepted from the app’s own window only' } };
    }
    if (workspace !== undefined && !workspaceId.safeParse(workspace).success) return { ok: false, error: { code: 'invalid-input', field: 'workspace', message: 'Workspace: must name a workspace by its id' } };
    return hub.handle(name, input, workspace as string | undefined).then((reply) => {
      // Changes answer with the new state: the tray takes it from there rather than asking again.
      if (reply.ok && reply.value !== null && typeof reply.value === 'object' && 'settings' in reply.value) {
        const state = appStateOf(reply.value);
        setImmediate(() => void refresh(run, state));
      }
      return reply;
    });
  });
}

/** Once the app is ready: the service, the protocol, IPC, the menu, the tray, the window, then what was handed over meanwhile. */
async function shellReady(run: ShellRun): Promise<void> {
  const { electron, options } = run;
  const { app } = electron;
  const dir = app.getPath('userData');
  if (app.isPackaged) app.setAsDefaultProtocolClient(LINK_SCHEME);
  const prefs = (run.prefs = prefsOpen(options.prefs, dir, (m) => run.log.warn(m)));
  const hub = await hubStart(run, dir, prefs);
  if (!hub) return;
  appProtocolServe(electron.protocol, options.rendererDir);
  harden(electron);
  ipcServe(run, hub);
  const menuContext: MenuContext = { ...actions(run, hub), platform: options.platform, updater: options.updater };
  electron.Menu.setApplicationMenu(menuBuild(menuContext));
  run.tray = trayCreate(electron, options.iconPath, () => void showWindow(run), noticeMemoryOpen(prefs, (m) => run.log.warn(m)));
  showWindow(run);
  await refresh(run);
  const tick = () => {
    void refresh(run);
    setTimeout(tick, Math.min(HOUR, msToMidnight(new Date()))).unref();
  };
  setTimeout(tick, Math.min(HOUR, msToMidnight(new Date()))).unref();
  run.ready = true;
  // The other workspaces open behind the window, so that switching to one shows it at once.
  setTimeout(() => void hub.warm(), WARM_AFTER_MS).unref();
  for (const t of run.pending.splice(0)) void open(run, t);
  run.log.info(`started on ${dir}${run.service?.readOnly() ? ' (read-only)' : ''}`);
}

/**
 * Start the shell. Returns null when another instance holds the lock: that
 * one gets this launch's command line (`second-instance`) and this one quits.
 */
export function shellStart(options: ShellOptions): Shell | null {
  const { electron } = options;
  const { app } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  appSchemeRegister(electron.protocol);
  const run: ShellRun = { options, electron, log: options.log, today: options.today ?? systemToday, win: null, hub: null, service: null, tray: null, prefs: null, ready: false, pending: launchTargets(options.argv, options.cwd) };
  appListen(run);
  return {
    ready: app.whenReady().then(() => shellReady(run)),
    window: () => current(run),
    showWindow: () => showWindow(run),
    open: (target) => open(run, target),
    refresh: () => refresh(run),
    service: () => run.service!,
    hub: () => run.hub!,
    tray: () => run.tray!,
  };
}
