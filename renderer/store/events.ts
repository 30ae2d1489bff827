/** What the bridge tells the screens beside the account's state: the browser mode's server gone away, and the desktop menu's Edit commands. */
import { useEffect, useSyncExternalStore } from 'react';
import type { EditCommand } from '../../shared/api.ts';
import { onEditCommand, serverGone, serverGoneSubscribe } from '../bridge.ts';

/** Whether the browser mode's server has gone away, watched while the caller is shown (a page painted by the server came from a server that was there). */
export function useServerGone(): boolean {
  return useSyncExternalStore(serverGoneSubscribe, serverGone, () => false);
}

/** Calls `listener` with Edit › Undo and Redo from the desktop app's menu while the caller is shown (the browser mode has no such menu). */
export function useEditCommands(listener: (command: EditCommand) => void): void {
  useEffect(() => onEditCommand(listener), [listener]);
}
