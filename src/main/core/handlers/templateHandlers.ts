/** The `templates` service: prompt templates kept in the data folder. */
import type { AtelierHandlers } from '../../../shared/contract';
import type { HandlerDeps } from './handlerDeps';

export function templateHandlers({ generation }: HandlerDeps): AtelierHandlers['templates'] {
  const { templates } = generation;
  return {
    list: () => templates.list(),
    save: ({ template, replacing }) => templates.save(template, replacing),
    duplicate: ({ name }) => templates.duplicate(name),
    remove: ({ name }) => ({ removed: templates.remove(name) }),
  };
}
