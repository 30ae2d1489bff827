/** The native menu: File (import/export the account), Edit, View, Help (log file, updates). */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Menu, MenuItemConstructorOptions } from 'electron';
import { fileReplace, realFs } from '../backend/durable.ts';
import type { ElectronApi, Updater } from './api.ts';
import { ACCOUNT_EXT, accountImportText, type OpenContext, type OpenOutcome } from './open.ts';
import { CHANNEL_EDIT } from './bridge.ts';
import { openExternal } from './security.ts';

export interface MenuContext extends OpenContext {
  readonly electron: Pick<ElectronApi, 'app' | 'dialog' | 'Menu' | 'shell'>;
  readonly platform: NodeJS.Platform;
  readonly updater: Updater | null;
}

const ACCOUNT_FILTER = { name: 'Account file', extensions: [ACCOUNT_EXT, 'json'] };

/** File › Import Account: pick a file, then the import's confirmation. */
export async function importAccount(ctx: MenuContext): Promise<OpenOutcome> {
  const w = ctx.window();
  const options = { title: 'Import an account', filters: [ACCOUNT_FILTER], properties: ['openFile' as const] };
  const picked = await (w ? ctx.electron.dialog.showOpenDialog(w, options) : ctx.electron.dialog.showOpenDialog(options));
  const file = picked.filePaths[0];
  if (picked.canceled || !file) return 'cancelled';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    ctx.electron.dialog.showErrorBox('The account was not imported', `${file}\n\n${String(e)}\n\nNothing was changed.`);
    return 'refused';
  }
  return accountImportText(ctx, text, basename(file));
}

/** File › Export Account: the whole account and its projects, saved as a `.ccaccount` file (the app opens it on a double-click). */
export async function exportAccount(ctx: MenuContext): Promise<string | null> {
  const reply = await ctx.service.handle('account-export', {});
  if (!reply.ok) return null;
  const { text, fileName } = reply.value as { text: string; fileName: string };
  const w = ctx.window();
  const options = { title: 'Export the account', defaultPath: fileName.replace(/\.json$/, `.${ACCOUNT_EXT}`), filters: [ACCOUNT_FILTER] };
  const picked = await (w ? ctx.electron.dialog.showSaveDialog(w, options) : ctx.electron.dialog.showSaveDialog(options));
  if (picked.canceled || !picked.filePath) return null;
  try {
    fileReplace(realFs, picked.filePath, Buffer.from(text));
  } catch (e) {
    ctx.electron.dialog.showErrorBox('The account was not exported', `${picked.filePath}\n\n${String(e)}`);
    return null;
  }
  return picked.filePath;
}

async function checkForUpdates(ctx: MenuContext, updater: Updater): Promise<void> {
  const message = await updater.check();
  const w = ctx.window();
  const options = { type: 'info' as const, message: 'Updates', detail: message };
  await (w ? ctx.electron.dialog.showMessageBox(w, options) : ctx.electron.dialog.showMessageBox(options));
}

export function menuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const { app, shell } = ctx.electron;
  const isMac = ctx.platform === 'darwin';
  const updates: MenuItemConstructorOptions =
    ctx.updater?.enabled === true ? { label: 'Check for Updates…', click: () => void checkForUpdates(ctx, ctx.updater!) } : { label: 'Updates: off in this build (no update address set)', enabled: false };
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import Account…', accelerator: 'CmdOrCtrl+O', click: () => void importAccount(ctx) },
        { label: 'Export Account…', accelerator: 'CmdOrCtrl+Shift+E', click: () => void exportAccount(ctx) },
        { type: 'separator' },
        { label: 'Open Data Folder', click: () => void shell.openPath(app.getPath('userData')) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      // Undo and Redo go to the page, which undoes the field's typing when a field has the focus and the last change to the account otherwise.
      // On macOS the menu takes ⌘Z before the page sees it, so the menu's key does it; elsewhere the page's own key handler does (the menu only shows the key).
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: isMac, click: () => ctx.window()?.webContents.send(CHANNEL_EDIT, 'undo') },
        { label: 'Redo', accelerator: isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y', registerAccelerator: isMac, click: () => ctx.window()?.webContents.send(CHANNEL_EDIT, 'redo') },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        ...(isMac ? [{ role: 'pasteAndMatchStyle' as const }] : []),
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }])],
    },
    {
      role: 'help',
      submenu: [
        { label: 'HeyGen Credit Plans (vendor article)', click: () => openExternal(shell, 'https://help.heygen.com/') },
        { type: 'separator' },
        ctx.log.file ? { label: 'Show Log File', click: () => shell.showItemInFolder(ctx.log.file!) } : { label: 'Show Log File (no log file)', enabled: false },
        updates,
        { type: 'separator' },
        { label: `About ${app.getName()}`, click: () => app.showAboutPanel() },
      ],
    },
  ];
}

export function menuBuild(ctx: MenuContext): Menu {
  return ctx.electron.Menu.buildFromTemplate(menuTemplate(ctx));
}
