/**
 * The user's settings. The renderer sees a view in which the Gemini API key is
 * reduced to its last four characters; only main reads the key itself. Milvus
 * tokens are kept the same way, by server URI, and never shown at all.
 */
import type { AtelierHandlers } from '../../../shared/contract';
import type { SettingsView } from '../../../shared/types';
import type { MilvusTokens } from '../vectors/storeService';
import { plainSecrets, type SecretCipher } from './secrets';
import { readSettings, type StoredSettings, writeSettings } from './settingsFile';

type SettingsPatch = Parameters<AtelierHandlers['settings']['update']>[0];

export class SettingsService implements MilvusTokens {
  private settings: StoredSettings;

  constructor(
    private readonly dataDir: string,
    private readonly secrets: SecretCipher = plainSecrets,
    /** Whether the environment gave a key (GEMINI_API_KEY): used when none is saved. */
    private readonly environmentKey = false,
  ) {
    this.settings = readSettings(dataDir);
  }

  view(): SettingsView {
    const key = this.geminiApiKey();
    const { theme, resultLimit, generationModel, videoInterval, videoMaxFrames } = this.settings;
    return {
      dataDir: this.dataDir,
      theme,
      resultLimit,
      videoInterval,
      videoMaxFrames,
      generationModel,
      geminiApiKey: key ? { set: true, last4: key.slice(-4) } : { set: false },
      geminiKeyFromEnvironment: this.environmentKey,
      keyStorage: this.secrets.storage,
      // The live store's view is filled in by the composition root (app.ts): it needs the store.
      vectorStore: { kind: 'embedded', health: 'unknown', pending: 0 },
    };
  }

  update(patch: SettingsPatch): SettingsView {
    const { geminiApiKey, ...rest } = patch;
    const next: StoredSettings = { ...this.settings };
    for (const [name, value] of Object.entries(rest)) {
      if (value !== undefined) Object.assign(next, { [name]: value });
    }
    if (geminiApiKey === null) delete next.geminiApiKey;
    else if (geminiApiKey !== undefined) {
      next.geminiApiKey = { scheme: this.secrets.scheme, value: this.secrets.encrypt(geminiApiKey) };
    }
    writeSettings(this.dataDir, next);
    this.settings = next;
    return this.view();
  }

  /** How indexing samples a video's frames. */
  videoSampling(): { interval: number; maxFrames: number } {
    return { interval: this.settings.videoInterval, maxFrames: this.settings.videoMaxFrames };
  }

  /** The key itself, for the generation service in main. Never send it to the renderer or a log. */
  geminiApiKey(): string | null {
    return this.reveal(this.settings.geminiApiKey);
  }

  /** The token kept for a Milvus server, for the store in main only. */
  milvusToken(uri: string): string | null {
    return this.reveal(this.settings.milvusTokens?.[uri]);
  }

  saveMilvusToken(uri: string, token: string | null): void {
    const tokens = { ...this.settings.milvusTokens };
    if (token) tokens[uri] = { scheme: this.secrets.scheme, value: this.secrets.encrypt(token) };
    else delete tokens[uri];
    const next: StoredSettings = { ...this.settings, milvusTokens: tokens };
    writeSettings(this.dataDir, next);
    this.settings = next;
  }

  private reveal(stored: { scheme: string; value: string } | undefined): string | null {
    if (!stored || stored.scheme !== this.secrets.scheme) return null;
    try {
      return this.secrets.decrypt(stored.value);
    } catch {
      return null;
    }
  }
}
