import type { SecretCipher } from './settings/secrets';
import type { DesktopShell } from './shell/fileActions';

/** What the runtime around the core adds: Electron's folder picker, safeStorage and shell. */
export interface AtelierHost {
  pickFolder?: () => Promise<string | null>;
  secrets?: SecretCipher;
  shell?: DesktopShell;
}
