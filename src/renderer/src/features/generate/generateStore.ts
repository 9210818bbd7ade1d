/**
 * The generation panel's state: the prompt and its options, the image models,
 * and the jobs as the queue reports them (newest first). The references are
 * the tray's; the model chosen here is the settings' generation model, so the
 * tray shows that model's reference limit.
 */
import { create } from 'zustand';
import type { AspectRatio, GenerationJob, ImageSize, ThinkingLevel } from '../../../../shared/generation';
import { FINISHED_STATES } from '../../../../shared/generation';
import { GENERATION_MODELS } from '../../../../shared/imageModels';
import type { GenerationModel } from '../../../../shared/types';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/format';
import { useGallery } from '../gallery/galleryStore';
import { useReferences } from '../references/referencesStore';
import { useSettings } from '../settings/settingsStore';
import { useTemplates } from '../templates/templatesStore';
import { generationReadiness } from './generationReady';
import { useHistory } from './historyStore';

export type Submission = { kind: 'idle' } | { kind: 'sending' } | { kind: 'failed'; message: string };

interface GenerateState {
  prompt: string;
  aspectRatio: AspectRatio | 'auto';
  imageSize: ImageSize | 'auto';
  thinkingLevel: ThinkingLevel | 'auto';
  count: number;
  /** Also send the library's best matches for the prompt, up to the model's limit. */
  libraryMatches: boolean;
  models: GenerationModel[];
  jobs: GenerationJob[];
  submission: Submission;
  /** The image the next job edits (continuing its conversation), or null for a new image. */
  editing: string | null;
  /** Send the next job through the Batch API: half the price, results within a day. */
  batch: boolean;

  promptChanged: (prompt: string) => void;
  optionsChanged: (
    patch: Partial<
      Pick<GenerateState, 'aspectRatio' | 'imageSize' | 'thinkingLevel' | 'count' | 'libraryMatches' | 'batch'>
    >,
  ) => void;
  /** "Edit" on an image: the next prompt is an instruction that continues from it. */
  editStarted: (path: string) => void;
  editStopped: () => void;
  modelChosen: (id: string) => Promise<void>;
  panelOpened: () => Promise<void>;
  generateSubmitted: () => Promise<void>;
  jobUpdated: (job: GenerationJob) => void;
  jobCancelled: (jobId: string) => Promise<void>;
  jobRepeated: (jobId: string) => Promise<void>;
  /** Ends a waiting job's wait: it tries at once. */
  jobRetriedNow: (jobId: string) => Promise<void>;
  /** Puts a job's prompt and references back in the panel, to change them and generate a variation. */
  jobVaried: (job: Pick<GenerationJob, 'prompt' | 'params' | 'references'>) => void;
}

/** At most this many library matches are added on top of the tray. */
const LIBRARY_MATCHES = 3;

export const useGenerate = create<GenerateState>()((set, get) => ({
  prompt: '',
  aspectRatio: 'auto',
  imageSize: 'auto',
  thinkingLevel: 'auto',
  count: 1,
  libraryMatches: false,
  models: [...GENERATION_MODELS],
  jobs: [],
  submission: { kind: 'idle' },
  editing: null,
  batch: false,

  promptChanged: (prompt) => set({ prompt, submission: { kind: 'idle' } }),
  optionsChanged: (patch) => set(patch),

  editStarted(path) {
    set({ editing: path, prompt: '', submission: { kind: 'idle' } });
    document.getElementById('generation-prompt')?.focus();
  },
  editStopped: () => set({ editing: null }),

  async modelChosen(id) {
    // What the new model does not take goes back to its default, so the panel never offers a refused request.
    const model = get().models.find((m) => m.id === id);
    const { aspectRatio, imageSize, thinkingLevel } = get();
    if (model) {
      set({
        ...(aspectRatio !== 'auto' && !model.aspectRatios.includes(aspectRatio) ? { aspectRatio: 'auto' } : {}),
        ...(imageSize !== 'auto' && !model.imageSizes.includes(imageSize) ? { imageSize: 'auto' } : {}),
        ...(thinkingLevel !== 'auto' && !model.thinkingLevels.includes(thinkingLevel) ? { thinkingLevel: 'auto' } : {}),
      });
    }
    await useSettings.getState().settingChanged({ generationModel: id }, 'Model chosen');
  },

  async panelOpened() {
    const [models, jobs] = await Promise.all([
      api.generate.models({}).catch(() => [...GENERATION_MODELS]),
      api.generate.jobs({ limit: 50 }).catch(() => []),
    ]);
    set({ models, jobs });
  },

  async generateSubmitted() {
    const { prompt, aspectRatio, imageSize, thinkingLevel, count, libraryMatches, models, editing, batch } = get();
    const { chosen: template, values: vars } = useTemplates.getState();
    // A template makes the prompt: its own refusals (a missing value) come back from main with the name.
    const ready = generationReadiness(useSettings.getState().view, template ?? prompt).ready;
    if (!ready || get().submission.kind === 'sending') return;
    const references = useReferences.getState().paths;
    const modelId = useSettings.getState().view?.generationModel;
    const model = models.find((m) => m.id === modelId) ?? models[0];
    set({ submission: { kind: 'sending' } });
    const options = {
      references,
      ...(model ? { model: model.id } : {}),
      ...(aspectRatio !== 'auto' && model?.aspectRatios.includes(aspectRatio) ? { aspectRatio } : {}),
      ...(imageSize !== 'auto' && model?.imageSizes.includes(imageSize) ? { imageSize } : {}),
      ...(thinkingLevel !== 'auto' && model?.thinkingLevels.includes(thinkingLevel) ? { thinkingLevel } : {}),
      count,
      ...(editing ? { edit: editing } : {}),
      ...(batch ? { batch: true } : {}),
      ...(libraryMatches
        ? { autoReferences: Math.max(0, Math.min(LIBRARY_MATCHES, (model?.maxReferences ?? 3) - references.length)) }
        : {}),
    };
    try {
      const job = template
        ? await api.generate.fromTemplate({ ...options, template, vars })
        : await api.generate.start({ ...options, prompt });
      get().jobUpdated(job);
      // The next edit continues from this one's image, once there is one; until then, from the same.
      set({ submission: { kind: 'idle' }, ...(editing ? { prompt: '' } : {}) });
      useHistory.getState().promptUsed(job.prompt);
    } catch (err) {
      set({ submission: { kind: 'failed', message: errorMessage(err) } });
    }
  },

  jobUpdated(job) {
    // The reply to `start` can arrive after the job's later events: never step a job back.
    const current = get().jobs.find((j) => j.id === job.id);
    if (current && (current.updatedAt > job.updatedAt || (!isActive(current) && isActive(job)))) return;
    const others = get().jobs.filter((j) => j.id !== job.id);
    set({ jobs: [job, ...others].sort((a, b) => b.createdAt - a.createdAt) });
  },

  async jobCancelled(jobId) {
    await api.generate.cancel({ jobId }).catch(() => undefined);
  },

  async jobRetriedNow(jobId) {
    await api.generate.retryNow({ jobId }).catch(() => undefined);
  },

  async jobRepeated(jobId) {
    try {
      get().jobUpdated(await api.generate.again({ jobId }));
    } catch (err) {
      set({ submission: { kind: 'failed', message: errorMessage(err) } });
    }
  },

  jobVaried(job) {
    const tray = useReferences.getState();
    for (const path of [...tray.paths]) tray.referenceRemoved(path);
    for (const ref of job.references) tray.referenceDropped(ref.path);
    set({
      prompt: job.prompt,
      count: job.params.count,
      aspectRatio: job.params.aspectRatio ?? 'auto',
      imageSize: job.params.imageSize ?? 'auto',
      thinkingLevel: job.params.thinkingLevel ?? 'auto',
      submission: { kind: 'idle' },
    });
    document.getElementById('generation-prompt')?.focus();
  },
}));

export const isActive = (job: GenerationJob): boolean => !FINISHED_STATES.includes(job.state);

export function subscribeGenerateEvents(): () => void {
  return api.on('generate.job', (job) => {
    useGenerate.getState().jobUpdated(job);
    if (job.state === 'succeeded') useGallery.getState().jobFinished();
  });
}

// A refusal of the template's values is stale once the form changes, as a prompt's is once it is edited.
useTemplates.subscribe((now, before) => {
  if (
    (now.values !== before.values || now.chosen !== before.chosen) &&
    useGenerate.getState().submission.kind === 'failed'
  ) {
    useGenerate.setState({ submission: { kind: 'idle' } });
  }
});
