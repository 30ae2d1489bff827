/** No page at all: the browser mode's server painting the first screen (paint.tsx) loads the renderer's modules in Node, with no window, document or navigator. */
export const painting = typeof window === 'undefined';

/** Whether this page runs in a browser (the browser mode), not in the desktop app's window, whose preload sets `creditCompanion`. */
export const inBrowser = painting || !window.creditCompanion;

/** Whether the keys are macOS's (⌘ where others have Ctrl). Not known while painting. */
export const isMac = !painting && navigator.userAgent.includes('Mac');
