/**
 * Whether Generate can run, and why not: the button and Ctrl+Enter both ask
 * here, so they always agree. A key saved in the settings wins over the
 * environment's (GEMINI_API_KEY), as in main.
 */
import type { SettingsView } from '../../../../shared/types';

export type Readiness = { ready: true; keySource: 'settings' | 'environment' } | { ready: false; why: string };

export function generationReadiness(view: SettingsView | null | undefined, prompt: string): Readiness {
  const keySource = view?.geminiApiKey.set ? 'settings' : view?.geminiKeyFromEnvironment ? 'environment' : null;
  if (!keySource) return { ready: false, why: 'Add your Gemini API key in Settings to generate.' };
  if (!prompt.trim()) return { ready: false, why: 'Describe the image to make.' };
  return { ready: true, keySource };
}
