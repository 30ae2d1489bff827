/** Sandboxed preload: exposes exactly the typed bridge, never ipcRenderer itself. */
import { contextBridge, ipcRenderer } from 'electron';
import type { Bridge } from '../shared/api.ts';
import { CHANNEL_CHANGED, CHANNEL_EDIT, CHANNEL_SEND, CHANNEL_WORKSPACES } from './bridge.ts';

const bridge = {
  send: (name, input, workspace) => ipcRenderer.invoke(CHANNEL_SEND, name, input, workspace),
  onChanged: (listener) => {
    const handler = (_event: unknown, revision: unknown, workspace: unknown) => {
      if (typeof revision === 'number') listener(revision, typeof workspace === 'string' ? workspace : undefined);
    };
    ipcRenderer.on(CHANNEL_CHANGED, handler);
    return () => ipcRenderer.removeListener(CHANNEL_CHANGED, handler);
  },
  onWorkspaces: (listener) => {
    const handler = () => listener();
    ipcRenderer.on(CHANNEL_WORKSPACES, handler);
    return () => ipcRenderer.removeListener(CHANNEL_WORKSPACES, handler);
  },
  onEdit: (listener) => {
    const handler = (_event: unknown, command: unknown) => {
      if (command === 'undo' || command === 'redo') listener(command);
    };
    ipcRenderer.on(CHANNEL_EDIT, handler);
    return () => ipcRenderer.removeListener(CHANNEL_EDIT, handler);
  },
} satisfies Bridge;

contextBridge.exposeInMainWorld('creditCompanion', bridge);
