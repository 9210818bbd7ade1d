/** Whether Generate may run: the button and Ctrl+Enter both ask this, so they cannot disagree. */
import { describe, expect, it } from 'vitest';
import { generationReadiness } from '../../src/renderer/src/features/generate/generationReady';
import type { SettingsView } from '../../src/shared/types';

const view = (saved: boolean, environment: boolean): SettingsView => ({
  dataDir: '/data',
  theme: 'system',
  resultLimit: 100,
  videoInterval: 10,
  videoMaxFrames: 64,
  generationModel: 'gemini-2.5-flash-image',
  geminiApiKey: saved ? { set: true, last4: 'abcd' } : { set: false },
  geminiKeyFromEnvironment: environment,
  keyStorage: 'settings-file',
  vectorStore: { kind: 'embedded', health: 'unknown', pending: 0 },
});

describe('generation readiness', () => {
  it('needs a key from the settings or the environment, the saved one first, and a prompt', () => {
    expect(generationReadiness(view(false, false), 'a fox')).toEqual({
      ready: false,
      why: 'Add your Gemini API key in Settings to generate.',
    });
    expect(generationReadiness(view(false, true), 'a fox')).toEqual({ ready: true, keySource: 'environment' });
    expect(generationReadiness(view(true, true), 'a fox')).toEqual({ ready: true, keySource: 'settings' });
    expect(generationReadiness(view(true, false), '   ')).toEqual({ ready: false, why: 'Describe the image to make.' });
    expect(generationReadiness(null, 'a fox').ready).toBe(false);
  });
});
