/** The id of the data block in which the browser mode's page carries its first state (`state-get`'s reply): the server writes it, the renderer reads it. */
export const PAGE_STATE_ID = 'cc-state';

/** The header in which the browser mode's page sends the token the server gave it: the server checks it on every call. */
export const TOKEN_HEADER = 'x-cc-token';
