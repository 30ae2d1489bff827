/** Sandboxed preload: exposes exactly the typed bridge, never ipcRenderer itself. */
import { contextBridge, ipcRenderer } from 'electron';
import type { Bridge } from '../shared/api.ts';
import { CHANNEL_CHANGED, CHANNEL_EDIT, CHANNEL_SEND } from './bridge.ts';

const bridge = {
  send: (name, input) => ipcRenderer.invoke(CHANNEL_SEND, name, input),
  onChanged: (listener) => {
    const handler = (_event: unknown, revision: unknown) => {
      if (typeof revision === 'number') listener(revision);
    };
    ipcRenderer.on(CHANNEL_CHANGED, handler);
    return () => ipcRenderer.removeListener(CHANNEL_CHANGED, handler);
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
