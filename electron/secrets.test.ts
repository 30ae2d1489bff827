/**
 * The desktop app's keeper of the team sync's passwords (`secrets.ts`), on the Electron double's safeStorage and a
 * real folder: sealed, never as text; read back; forgotten; where the system offers no encryption, kept as the
 * browser mode keeps it (0600) and said in the log.
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYNC_PASSWORD_FILE } from '../backend/sync/state.ts';
import { electronDouble } from '../test/fixtures/electronDouble.ts';
import { safeStorageSecrets, SYNC_PASSWORD_SAFE_FILE } from './secrets.ts';

const PASSWORD = 'pässword with spaces & 🔑';

function setup() {
  const double = electronDouble({ userData: mkdtempSync(join(tmpdir(), 'cc-secrets-user-')) });
  double.ready();
  const warned: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'cc-secrets-'));
  return { double, dir, warned, secrets: safeStorageSecrets(double.api.safeStorage, { warn: (m: unknown) => void warned.push(String(m)) }) };
}

describe('the desktop app’s sync passwords (safeStorage)', () => {
  it('are sealed in the workspace’s folder, never as text, read back whole, and forgotten', () => {
    const { dir, secrets, warned } = setup();
    expect(secrets.read(dir)).toBeNull();
    secrets.keep(dir, PASSWORD);
    const sealed = readFileSync(join(dir, SYNC_PASSWORD_SAFE_FILE));
    expect(sealed.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(sealed.includes(Buffer.from('pässword'))).toBe(false);
    expect(existsSync(join(dir, SYNC_PASSWORD_FILE))).toBe(false);
    expect(secrets.read(dir)).toBe(PASSWORD);
    secrets.keep(dir, 'another');
    expect(secrets.read(dir)).toBe('another');
    secrets.keep(dir, null);
    expect(secrets.read(dir)).toBeNull();
    expect(existsSync(join(dir, SYNC_PASSWORD_SAFE_FILE))).toBe(false);
    expect(warned).toEqual([]);
  });

  it('where the system offers no encryption, are kept as the browser mode keeps them (0600, the log says so), and a sealed one left behind goes', () => {
    const { double, dir, secrets, warned } = setup();
    secrets.keep(dir, 'sealed first');
    double.encryption.available = false;
    secrets.keep(dir, PASSWORD);
    expect(existsSync(join(dir, SYNC_PASSWORD_SAFE_FILE))).toBe(false);
    expect(readFileSync(join(dir, SYNC_PASSWORD_FILE), 'utf8')).toBe(PASSWORD);
    expect(statSync(join(dir, SYNC_PASSWORD_FILE)).mode & 0o777).toBe(0o600);
    expect(warned).toEqual([`this system offers no keychain to seal the team sync's password with: it is kept in ${join(dir, SYNC_PASSWORD_FILE)}, readable by you alone`]);
    // The keeper holds none: the worker reads the folder's own.
    expect(secrets.read(dir)).toBeNull();
    secrets.keep(dir, null);
    expect(existsSync(join(dir, SYNC_PASSWORD_FILE))).toBe(false);
  });

  it('on Linux with no keyring (Electron’s fixed key, basic_text), kept as text, not sealed in name only; elsewhere that backend does not apply', () => {
    const { double, dir, warned } = setup();
    double.encryption.backend = 'basic_text';
    const linux = safeStorageSecrets(double.api.safeStorage, { warn: (m: unknown) => void warned.push(String(m)) }, undefined, 'linux');
    linux.keep(dir, PASSWORD);
    expect(existsSync(join(dir, SYNC_PASSWORD_SAFE_FILE))).toBe(false);
    expect(readFileSync(join(dir, SYNC_PASSWORD_FILE), 'utf8')).toBe(PASSWORD);
    expect(warned).toHaveLength(1);
    const mac = safeStorageSecrets(double.api.safeStorage, { warn: () => {} }, undefined, 'darwin');
    mac.keep(dir, PASSWORD);
    expect(existsSync(join(dir, SYNC_PASSWORD_FILE))).toBe(false);
    expect(mac.read(dir)).toBe(PASSWORD);
  });

  it('sealed, a password that was kept as text before goes from the folder', () => {
    const { double, dir, secrets } = setup();
    double.encryption.available = false;
    secrets.keep(dir, 'as text');
    double.encryption.available = true;
    secrets.keep(dir, PASSWORD);
    expect(existsSync(join(dir, SYNC_PASSWORD_FILE))).toBe(false);
    expect(secrets.read(dir)).toBe(PASSWORD);
  });
});
