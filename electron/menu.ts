/** The native menu: File (import/export the account), Edit, View, Help. */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { app, dialog, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { Service } from '../backend/service.ts';
import type { AccountImportPreview } from '../shared/api.ts';
import { accountSummaryLines } from '../shared/text.ts';
import { openExternal } from './security.ts';

/** A calendar date as the system's locale writes it. */
const dateLabel = (iso: string) => new Date(`${iso}T00:00:00`).toLocaleDateString(undefined, { dateStyle: 'medium' });

export function menuBuild(service: Service, win: () => BrowserWindow | null, changed: () => void): Menu {
  const isMac = process.platform === 'darwin';
  async function importAccount() {
    const w = win();
    const picked = await (w ? dialog.showOpenDialog(w, { title: 'Import an account', filters: [{ name: 'Account file', extensions: ['json'] }], properties: ['openFile'] }) : dialog.showOpenDialog({ properties: ['openFile'] }));
    const file = picked.filePaths[0];
    if (picked.canceled || !file) return;
    const text = readFileSync(file, 'utf8');
    const preview = service.handle('account-import-preview', { text });
    if (!preview.ok) return dialog.showErrorBox('The account was not imported', `${file}\n\n${preview.error.message}\n\nNothing was changed.`);
    // What it replaces, before it replaces anything (as the window's own import does).
    const { current, file: incoming, fileHasProjects } = preview.value as AccountImportPreview;
    let projects: 'file' | 'current' = 'file';
    if (current.events > 0 || current.projects > 0) {
      const buttons = ['Replace my account', ...(current.projects > 0 ? ['Replace it, keep my projects'] : []), 'Cancel'];
      const options = {
        type: 'warning' as const,
        message: `Replace your account with ${basename(file)}?`,
        detail: `Your account now:\n${accountSummaryLines(current, dateLabel).join('\n')}\n\nFrom the file:\n${accountSummaryLines(incoming, dateLabel).join('\n')}${current.projects > 0 && !fileHasProjects ? '\n\nThe file lists no planned projects.' : ''}`,
        buttons,
        defaultId: buttons.length - 1,
        cancelId: buttons.length - 1,
      };
      const answer = (await (w ? dialog.showMessageBox(w, options) : dialog.showMessageBox(options))).response;
      if (answer === buttons.length - 1) return;
      if (answer === 1) projects = 'current';
    }
    const reply = service.handle('account-import', { text, projects });
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
