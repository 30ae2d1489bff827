/*
 * The app's code, started after the first frame. A page the browser mode's
 * server painted (backend/http.ts) names its code here rather than in a module
 * script: read at once, that code holds the main thread as the page's first
 * frame is due, and the painted screen could show only once it had run. The
 * code is fetched meanwhile (the page preloads it). This script loads without
 * holding the page back (async); it starts the code once the page is read and
 * a frame has been drawn. A hidden tab draws no frames: there it starts after
 * a short wait instead.
 *
 * Code that cannot be read (the server restarting, or rebuilt with new file
 * names) leaves the painted screen dead: the page is read anew once the server
 * answers, a few times at most, and then says so.
 */
const entry = document.currentScript.dataset.entry;
const RELOADS = 'cc-start-reloads';
const MAX_RELOADS = 3;

function reloadsSoFar() {
  try {
    return Number(sessionStorage.getItem(RELOADS) ?? 0);
  } catch {
    return MAX_RELOADS;
  }
}

function reloadsSet(n) {
  try {
    if (n === 0) sessionStorage.removeItem(RELOADS);
    else sessionStorage.setItem(RELOADS, String(n));
  } catch {
    // Storage refused: counted as spent, so no reload goes round forever.
  }
}

function failed() {
  const reloads = reloadsSoFar();
  if (reloads >= MAX_RELOADS) {
    reloadsSet(0);
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.className = 'form-error page-error';
    message.textContent = 'The app’s code could not be loaded. Check that `npm run web` is running, then reload the page.';
    document.body.prepend(message);
    return;
  }
  const whenBack = (wait) =>
    setTimeout(() => {
      fetch('./', { method: 'HEAD', cache: 'no-store' }).then(
        (res) => {
          if (!res.ok) return whenBack(Math.min(wait * 2, 2000));
          reloadsSet(reloads + 1);
          location.reload();
        },
        () => whenBack(Math.min(wait * 2, 2000)),
      );
    }, wait);
  whenBack(500);
}

let started = false;
function start() {
  if (started) return;
  started = true;
  import(entry).then(() => reloadsSet(0), failed);
}

function afterFrame() {
  requestAnimationFrame(() => setTimeout(start));
  setTimeout(start, 200);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', afterFrame, { once: true });
else afterFrame();
