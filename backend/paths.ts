/** Where the data lives: the same folder Electron calls userData, so the desktop app and the browser mode share it. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Credit Companion';

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}
