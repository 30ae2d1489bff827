/** The IPC channels behind the preload's bridge (its type is the contract's `Bridge`). */
export const CHANNEL_SEND = 'cc:send';
export const CHANNEL_CHANGED = 'cc:changed';
/** The workspaces' list changed: the window reads it again. */
export const CHANNEL_WORKSPACES = 'cc:workspaces';
/** Edit › Undo or Redo chosen in the menu (or by its key on macOS, where the menu takes the key first): the page decides between the field's undo and the account's. */
export const CHANNEL_EDIT = 'cc:edit';
