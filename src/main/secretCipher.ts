/** The Gemini API key at rest in Electron: encrypted with safeStorage (the OS keychain) when it is available. */
import { safeStorage } from 'electron';
import { plainSecrets, type SecretCipher } from './core/settings/secrets';

export function safeStorageCipher(): SecretCipher {
  if (!safeStorage.isEncryptionAvailable()) return plainSecrets;
  return {
    scheme: 'safeStorage',
    storage: 'os-encrypted',
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  };
}
