/** The native menu: File (import/export the account), Edit, View, Help. */
import { readFileSync, writeFileSync } from 'node:fs';
import { app, dialog, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { Service } from '../backend/service.ts';
import { openExternal } from './security.ts';

export function menuBuild(service: Service, win: () => BrowserWindow | null, changed: () => void): Menu {
  const isMac = process.platform === 'darwin';
  async function importAccount() {
    const w = win();
    const picked = await (w ? dialog.showOpenDialog(w, { title: 'Import an account', filters: [{ name: 'Account file', extensions: ['json'] }], properties: ['openFile'] }) : dialog.showOpenDialog({ properties: ['openFile'] }));
    const file = picked.filePaths[0];
    if (picked.canceled || !file) return;
    const reply = service.handle('account-import', { text: readFileSync(file, 'utf8') });
    if (reply.ok) changed();
    else dialog.showErrorBox('The account was not imported', `${file}\n\n${reply.error.message}\n\nNothing was changed.`);
  }
  async function exportAccount() {
    const reply = service.handle('account-export', {});
    if (!reply.ok) return;
    const { text, fileName } = reply.value as { text: string; fileName: string };
    const w = win();
    const picked = await (w ? dialog.showSaveDialog(w, { title: 'Export the account', defaultPath: fileName, filters: [{ name: 'Account file', extensions: ['json'] }] }) : dialog.showSaveDialog({ defaultPath: fileName }));
    if (!picked.canceled && picked.filePath) writeFileSync(picked.filePath, text);
  }
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import Account…', accelerator: 'CmdOrCtrl+O', click: () => void importAccount() },
        { label: 'Export Account…', accelerator: 'CmdOrCtrl+Shift+E', click: () => void exportAccount() },
        { type: 'separator' },
        { label: 'Open Data Folder', click: () => void shell.openPath(app.getPath('userData')) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }])],
    },
    {
      role: 'help',
      submenu: [
        { label: 'HeyGen Credit Plans (vendor article)', click: () => openExternal('https://help.heygen.com/') },
        { label: `About ${app.getName()}`, click: () => app.showAboutPanel() },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
