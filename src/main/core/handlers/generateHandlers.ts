/** The `generate` service: generation jobs, queued and run in the background, and their provenance. */
import type { AtelierHandlers } from '../../../shared/contract';
import { checkAllowedImage } from '../queryImages/allowedImages';
import type { HandlerDeps } from './handlerDeps';

export function generateHandlers({ thumbnails, uploads, generation }: HandlerDeps): AtelierHandlers['generate'] {
  // The API reads only images the library, the search box or generation put there; the CLI is not limited.
  // An upload read is marked used, which keeps it from being pruned.
  const allowedImage = async (file: string) => uploads.used(await checkAllowedImage(file, thumbnails.roots(), 'use'));
  return {
    start: async (input) => {
      for (const ref of [...(input.edit ? [input.edit] : []), ...(input.references ?? [])]) await allowedImage(ref);
      const job = await generation.service.start(input);
      generation.queue.kick();
      return job;
    },
    jobs: ({ limit }) => generation.service.jobs(limit),
    cancel: ({ jobId }) => ({ cancelled: generation.queue.cancel(jobId) }),
    retryNow: ({ jobId }) => ({ retried: generation.queue.retryNow(jobId) }),
    again: ({ jobId }) => {
      const job = generation.service.again(jobId);
      generation.queue.kick();
      return job;
    },
    provenance: async ({ path: file }) => {
      await allowedImage(file);
      return generation.service.provenance(file);
    },
    gallery: ({ filter, limit, offset }) =>
      generation.service.gallery({ ...(filter ? { filter } : {}), limit: limit ?? 200, offset: offset ?? 0 }),
    models: () => generation.service.models(),
    prompts: ({ query, limit }) => generation.service.prompts(query ?? '', limit ?? 200),
    spending: () => generation.service.spending(),
    fromTemplate: async (input) => {
      for (const ref of input.references ?? []) await allowedImage(ref);
      const job = await generation.service.startFromTemplate(input);
      generation.queue.kick();
      return job;
    },
  };
}
