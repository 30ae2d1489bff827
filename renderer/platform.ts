/** No page at all: the browser mode's server painting the first screen (paint.tsx) loads the renderer's modules in Node, with no window, document or navigator. */
export const painting = typeof window === 'undefined';

/** Whether the keys are macOS's (⌘ where others have Ctrl). Not known while painting. */
export const isMac = !painting && navigator.userAgent.includes('Mac');
