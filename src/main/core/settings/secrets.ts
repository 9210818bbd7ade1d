/**
 * How a secret (the Gemini API key) is kept at rest. Electron passes a cipher
 * over safeStorage (the OS keychain); the CLI and `atelier serve` keep it as is
 * in settings.json, readable by the owner only. Either way it never leaves main.
 */
export interface SecretCipher {
  /** Stored beside the value, so a file written by one cipher is not read by another. */
  readonly scheme: string;
  /** What the settings view says about where the key lives. */
  readonly storage: 'os-encrypted' | 'settings-file';
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

/** No encryption: the key sits in settings.json (mode 0600). Used outside Electron. */
export const plainSecrets: SecretCipher = {
  scheme: 'plain',
  storage: 'settings-file',
  encrypt: (plain) => plain,
  decrypt: (stored) => stored,
};
