/**
 * The prompt templates as the panel and Settings see them: the list from the
 * data folder, the one chosen in the panel and the values typed into its form.
 * Refusals (a taken name, a bad placeholder) come back from main as messages.
 */
import { create } from 'zustand';
import type { PromptTemplate } from '../../../../shared/promptTemplates';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/format';

interface TemplatesState {
  templates: PromptTemplate[];
  /** The template the panel generates from; null: the prompt box. */
  chosen: string | null;
  /** What was typed for each placeholder of the chosen template. */
  values: Record<string, string>;
  /** Why the last change in Settings was refused. */
  error: string | null;

  templatesOpened: () => Promise<void>;
  templateChosen: (name: string | null) => void;
  valueTyped: (placeholder: string, value: string) => void;
  /** Adds, or replaces `replacing`; resolves true once saved. */
  templateSaved: (template: PromptTemplate, replacing?: string) => Promise<boolean>;
  templateDuplicated: (name: string) => Promise<void>;
  templateDeleted: (name: string) => Promise<void>;
}

export const useTemplates = create<TemplatesState>()((set, get) => {
  async function refresh() {
    const templates = await api.templates.list({});
    const chosen = get().chosen;
    const stillThere = chosen && templates.some((t) => t.name === chosen);
    set({ templates, ...(stillThere ? {} : { chosen: null, values: {} }) });
  }
  async function attempt(change: () => Promise<unknown>): Promise<boolean> {
    try {
      await change();
      set({ error: null });
      await refresh();
      return true;
    } catch (err) {
      set({ error: errorMessage(err) });
      return false;
    }
  }
  return {
    templates: [],
    chosen: null,
    values: {},
    error: null,

    async templatesOpened() {
      await refresh().catch((err: unknown) => set({ error: errorMessage(err) }));
    },
    templateChosen: (name) => set({ chosen: name, values: {} }),
    valueTyped: (placeholder, value) => set({ values: { ...get().values, [placeholder]: value } }),
    templateSaved: (template, replacing) =>
      attempt(() => api.templates.save({ template, ...(replacing !== undefined ? { replacing } : {}) })),
    async templateDuplicated(name) {
      await attempt(() => api.templates.duplicate({ name }));
    },
    async templateDeleted(name) {
      await attempt(() => api.templates.remove({ name }));
    },
  };
});

/** The chosen template, if any. */
export function useChosenTemplate(): PromptTemplate | undefined {
  return useTemplates((s) => s.templates.find((t) => t.name === s.chosen));
}
