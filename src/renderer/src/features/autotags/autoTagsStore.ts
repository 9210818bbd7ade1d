/**
 * Auto-tags in the app: the ones defined, and a draft being tuned. The draft's
 * matches are previewed live as its description, examples or threshold change
 * (numbered, so a slow answer never replaces a newer one); saving defines the
 * tag and tags the library.
 */
import { create } from 'zustand';
import type { AutoTagPreview, AutoTagView } from '../../../../shared/organize';
import { api } from '../../api/client';
import { errorMessage, plural } from '../../lib/format';
import { useOrganize } from '../organize/organizeStore';
import { useResultsUi } from '../results/resultsStore';

/** Where a draft's threshold starts: CLIP's similarities of a good text match lie around 0.25–0.35. */
export const DRAFT_THRESHOLD = 0.25;

export interface Draft {
  tag: string;
  prompt: string;
  examples: string[];
  threshold: number;
}

export type PreviewState =
  | { kind: 'none' }
  | { kind: 'loading'; last: AutoTagPreview | null }
  | { kind: 'ready'; preview: AutoTagPreview }
  | { kind: 'failed'; message: string };

interface AutoTagsState {
  open: boolean;
  list: AutoTagView[];
  draft: Draft;
  preview: PreviewState;
  error: string | null;

  dialogOpened: (examples: readonly string[]) => Promise<void>;
  dialogClosed: () => void;
  draftChanged: (change: Partial<Draft>) => Promise<void>;
  draftSaved: () => Promise<boolean>;
  autoTagRemoved: (tag: string) => Promise<void>;
}

/** An auto-tag may have touched any image: the one shown reloads its tags, and the tag suggestions too. */
function marksMayHaveChanged(): Promise<void> {
  const shown = useOrganize.getState().view;
  return useOrganize.getState().marksChanged(shown.kind === 'none' ? [] : [shown.path]);
}

const EMPTY: Draft = { tag: '', prompt: '', examples: [], threshold: DRAFT_THRESHOLD };
let seq = 0;

export const useAutoTags = create<AutoTagsState>()((set, get) => {
  const reloadList = async () => {
    try {
      set({ list: await api.organize.autoTags({}) });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  };
  const previewDraft = async () => {
    const mine = ++seq;
    const { prompt, examples, threshold } = get().draft;
    if (!prompt.trim()) {
      set({ preview: { kind: 'none' } });
      return;
    }
    const now = get().preview;
    set({
      preview: { kind: 'loading', last: now.kind === 'ready' ? now.preview : now.kind === 'loading' ? now.last : null },
    });
    try {
      const preview = await api.organize.previewAutoTag({
        prompt,
        threshold,
        ...(examples.length ? { examples } : {}),
      });
      if (mine === seq) set({ preview: { kind: 'ready', preview } });
    } catch (err) {
      if (mine === seq) set({ preview: { kind: 'failed', message: errorMessage(err) } });
    }
  };

  return {
    open: false,
    list: [],
    draft: EMPTY,
    preview: { kind: 'none' },
    error: null,

    async dialogOpened(examples) {
      set({ open: true, draft: { ...EMPTY, examples: [...examples] }, preview: { kind: 'none' }, error: null });
      await reloadList();
    },
    dialogClosed: () => set({ open: false }),
    async draftChanged(change) {
      set({ draft: { ...get().draft, ...change } });
      if ('prompt' in change || 'examples' in change || 'threshold' in change) await previewDraft();
    },
    async draftSaved() {
      const { tag, prompt, examples, threshold } = get().draft;
      try {
        const { count } = await api.organize.defineAutoTag({
          tag,
          prompt,
          threshold,
          ...(examples.length ? { examples } : {}),
        });
        useResultsUi.getState().toastShown(`Auto-tag “${tag.trim()}” is on ${plural(count, 'image', 'images')}`);
        set({ draft: EMPTY, preview: { kind: 'none' }, error: null });
        await Promise.all([reloadList(), marksMayHaveChanged()]);
        return true;
      } catch (err) {
        set({ error: errorMessage(err) });
        return false;
      }
    },
    async autoTagRemoved(tag) {
      try {
        await api.organize.removeAutoTag({ tag });
        set({ error: null });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
      await Promise.all([reloadList(), marksMayHaveChanged()]);
    },
  };
});
