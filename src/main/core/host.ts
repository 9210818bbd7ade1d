import type { MoveToTrash } from './organize/duplicateReview';
import type { SecretCipher } from './settings/secrets';
import type { DesktopShell } from './shell/fileActions';

/** What the runtime around the core adds: Electron's folder picker, safeStorage, shell and trash. */
export interface AtelierHost {
  pickFolder?: () => Promise<string | null>;
  secrets?: SecretCipher;
  shell?: DesktopShell;
  /** The OS trash (Recycle Bin on Windows, the Trash on macOS and Linux desktops); absent, nothing can be trashed. */
  trash?: MoveToTrash;
}
