/**
 * The first state, had as early as can be. The browser mode's server puts it in
 * the page (with the first screen painted from it): it is read here, and the
 * store starts with it, so React's first render draws that same screen. Else
 * (the desktop app, or a page with no state in it) it is asked for as this
 * module loads, while React and the screens are still read, and the store's
 * first `load` takes the answer.
 */
import type { ApiReply, AppState } from '../../shared/api.ts';
import { PAGE_STATE_ID } from '../../shared/page.ts';
import { send, workspaceUse } from '../bridge.ts';
import { painting } from '../platform.ts';

function pageState(): ApiReply<'state-get'> | null {
  const text = document.getElementById(PAGE_STATE_ID)?.textContent;
  if (!text) return null;
  try {
    return JSON.parse(text) as ApiReply<'state-get'>;
  } catch {
    return null;
  }
}

// While the server paints the first screen there is nothing to read or ask.
const inPage = painting ? null : pageState();
// Notices in the page's state are shown, not taken (the page came without the token): the page's own call takes them.
// A state drawn while the account was still read (`opening`: no undo history yet) is shown, and asked for again.
const askAgain = inPage?.ok === true && (inPage.value.notices.length > 0 || inPage.value.opening === true);
let first: Promise<ApiReply<'state-get'>> | null = painting ? null : inPage && !askAgain ? Promise.resolve(inPage) : send('state-get', {});

/** The state the page came with, for the store's first render; null without one. */
export const pageApp: AppState | null = inPage?.ok ? inPage.value : null;
// The page's state is of the workspace the server opened last: this window shows it, and its calls name it.
if (pageApp?.workspace !== undefined) workspaceUse(pageApp.workspace);

/** The answer to the state asked for at start, the first time (null after: a later load asks again). */
export function firstState(): Promise<ApiReply<'state-get'>> | null {
  const asked = first;
  first = null;
  return asked;
}
