/** Whether the keys are macOS's (⌘ where others have Ctrl). Not known where there is no browser: the browser mode's server painting the first screen (paint.tsx). */
export const isMac = typeof navigator !== 'undefined' && navigator.userAgent.includes('Mac');
