/**
 * The first screen as HTML, for the browser mode's server to paint into the
 * page it serves, with the state it was painted from (backend/http.ts): the
 * screen shows as soon as the page and its styles are read, before the app's
 * code has loaded. The code then draws the same screen in its place (React's
 * first render replaces what is in the root). Runs in Node, not in the page:
 * built on its own (`npm run build:paint`) and loaded by backend/web.ts.
 */
import { renderToString } from 'react-dom/server';
import type { AppState } from '../shared/api.ts';
import { AppView } from './AppView.tsx';
import { formatLocaleSet } from './format.ts';
import { FIRST_SCREEN } from './store/uiSlice.ts';

/** `locale`: the language the browser asked for, which its page's numbers and dates follow (undefined: this process's). */
export function firstScreenPaint(app: AppState, locale: string | undefined): string {
  formatLocaleSet(locale);
  try {
    return renderToString(<AppView app={app} screen={FIRST_SCREEN} />);
  } finally {
    formatLocaleSet(undefined);
  }
}
