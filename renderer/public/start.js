/*
 * The app's code, started after the first frame. A page the browser mode's
 * server painted (backend/http.ts) names its code here rather than in a module
 * script: read at once, that code holds the main thread as the page's first
 * frame is due, and the painted screen could show only once it had run. The
 * code is fetched meanwhile (the page preloads it). This script loads without
 * holding the page back (async); it starts the code once the page is read and
 * a frame has been drawn. A hidden tab draws no frames: there it starts after
 * a short wait instead.
 */
const entry = document.currentScript.dataset.entry;
let started = false;
const start = () => {
  if (started) return;
  started = true;
  import(entry);
};
const afterFrame = () => {
  requestAnimationFrame(() => setTimeout(start));
  setTimeout(start, 200);
};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', afterFrame, { once: true });
else afterFrame();
