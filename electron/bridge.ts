/** The IPC channels behind the preload's bridge (its type is the contract's `Bridge`). */
export const CHANNEL_SEND = 'cc:send';
export const CHANNEL_CHANGED = 'cc:changed';
