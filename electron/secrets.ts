/**
 * The team sync's passwords in the desktop app, kept with Electron's safeStorage (encrypted with a key the system's
 * keychain holds) in the workspace's folder as `sync.password.safe`, never as text. Where the system offers no
 * keychain (no encryption, or Linux with no keyring, where Electron seals with a fixed key), the password is kept as the
 * browser mode keeps it (`sync.password`, readable by its owner only), and the log says so.
 */
import { join } from 'node:path';
import type { SyncSecrets } from '../backend/host.ts';
import { fileReplace, realFs, type Fs } from '../backend/durable.ts';
import { fileGone, SYNC_PASSWORD_FILE, syncPasswordSave } from '../backend/sync/state.ts';
import type { ElectronApi, ShellLog } from './api.ts';

/** The encrypted password beside the workspace's `sync.json`. */
export const SYNC_PASSWORD_SAFE_FILE = 'sync.password.safe';

/** Whether safeStorage seals with a key the system keeps: on Linux with no keyring it uses a fixed one (`basic_text`), which seals nothing. */
function sealable(safeStorage: ElectronApi['safeStorage'], platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

export function safeStorageSecrets(safeStorage: ElectronApi['safeStorage'], log: Pick<ShellLog, 'warn'>, fs: Fs = realFs, platform: NodeJS.Platform = process.platform): SyncSecrets {
  return {
    read(dir) {
      let sealed: Buffer;
      try {
        sealed = fs.readFileSync(join(dir, SYNC_PASSWORD_SAFE_FILE));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      return safeStorage.decryptString(sealed);
    },
    keep(dir, password) {
      const safe = join(dir, SYNC_PASSWORD_SAFE_FILE);
      if (password === null) {
        fileGone(fs, safe);
        return fileGone(fs, join(dir, SYNC_PASSWORD_FILE));
      }
      if (!sealable(safeStorage, platform)) {
        log.warn(`this system offers no keychain to seal the team sync's password with: it is kept in ${join(dir, SYNC_PASSWORD_FILE)}, readable by you alone`);
        fileGone(fs, safe);
        return syncPasswordSave(dir, password, fs);
      }
      fileReplace(fs, safe, safeStorage.encryptString(password));
      fileGone(fs, join(dir, SYNC_PASSWORD_FILE));
    },
  };
}
