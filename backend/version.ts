/** The app's version, from package.json: what store migrations are keyed by. */
import pkg from '../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
