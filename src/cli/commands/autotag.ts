/** `atelier autotag define|run|list|remove`: tags Atelier puts on the images that match a description. */
import type { Atelier } from '../../main/core/app';
import { parseAutoThreshold } from '../../main/core/organize/autoTagService';
import { type Label, parseTag } from '../../main/core/organize/labels';
import { UsageError } from '../errors';
import type { FlagValues } from '../flags';
import { printJson, printLine } from '../output';
import { asUsage } from './organizeInput';

export type AutotagArgs =
  | { action: 'list' }
  | { action: 'run'; tag?: Label }
  | { action: 'remove'; tag: Label }
  | { action: 'define'; tag: Label; prompt: string; examples: string[]; threshold?: number };

const plural = (n: number) => `${n} image${n === 1 ? '' : 's'}`;

/** The arguments, checked before the core opens: a usage mistake touches nothing. */
export function autotagArgs(rest: string[], values: Pick<FlagValues, 'prompt' | 'example' | 'threshold'>): AutotagArgs {
  const [action, tag, ...more] = rest;
  if (more.length > 0) throw new UsageError(`autotag ${action} takes one tag, not "${more.join(' ')}"`);
  const definingFlags = values.prompt !== undefined || values.example.length > 0 || values.threshold !== undefined;
  if (action !== 'define' && definingFlags) {
    throw new UsageError('--prompt, --example and --threshold go with autotag define');
  }
  switch (action) {
    case 'list':
      if (tag !== undefined) throw new UsageError('autotag list takes no arguments');
      return { action };
    case 'run':
      return tag === undefined ? { action } : { action, tag: asUsage(() => parseTag(tag)) };
    case 'remove':
      if (tag === undefined) throw new UsageError('autotag remove needs the tag');
      return { action, tag: asUsage(() => parseTag(tag)) };
    case 'define': {
      if (tag === undefined)
        throw new UsageError('autotag define needs the tag: atelier autotag define <tag> --prompt TEXT');
      if (values.prompt === undefined || !values.prompt.trim()) {
        throw new UsageError('autotag define needs --prompt "what the tag means"');
      }
      const threshold =
        values.threshold === undefined ? undefined : asUsage(() => parseAutoThreshold(values.threshold!));
      return {
        action,
        tag: asUsage(() => parseTag(tag)),
        prompt: values.prompt,
        examples: values.example,
        ...(threshold !== undefined ? { threshold } : {}),
      };
    }
    case undefined:
    default:
      throw new UsageError('autotag needs define, run, list or remove: atelier autotag --help');
  }
}

export async function autotagCommand(atelier: Atelier, args: AutotagArgs, json: boolean): Promise<void> {
  const { autoTags } = atelier;
  switch (args.action) {
    case 'list': {
      const all = autoTags.list();
      if (json) printJson(all);
      else if (all.length === 0) printLine('No auto-tags yet: atelier autotag define <tag> --prompt TEXT');
      else for (const t of all) printLine(`${String(t.count).padStart(6)}  ${t.tag}  (≥ ${t.threshold}) "${t.prompt}"`);
      return;
    }
    case 'define': {
      const count = await autoTags.define(args.tag.name, {
        prompt: args.prompt,
        examples: args.examples,
        ...(args.threshold !== undefined ? { threshold: args.threshold } : {}),
      });
      if (json) printJson({ tag: args.tag.name, count });
      else printLine(`Auto-tag "${args.tag.name}" is on ${plural(count)}.`);
      return;
    }
    case 'run': {
      const counts = await autoTags.run(args.tag?.name);
      if (json) printJson(counts);
      else if (counts.length === 0) printLine('No auto-tags to run.');
      else for (const c of counts) printLine(`Auto-tag "${c.tag}" is on ${plural(c.count)}.`);
      return;
    }
    case 'remove': {
      const removed = autoTags.remove(args.tag.name);
      if (json) printJson({ tag: args.tag.name, removed });
      else printLine(`Removed the auto-tag "${args.tag.name}" from ${plural(removed)}; tags you gave stay.`);
    }
  }
}
