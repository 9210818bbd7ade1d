/** `atelier tag add|remove|list`: tags on the library's images. */
import type { Atelier } from '../../main/core/app';
import { type Label, parseTag } from '../../main/core/organize/labels';
import { UsageError } from '../errors';
import { printJson, printLine } from '../output';
import { asUsage } from './organizeInput';

const USAGE = 'atelier tag add|remove <tag> <path>... | atelier tag list';

export type TagArgs = { action: 'list' } | { action: 'add' | 'remove'; tag: Label; paths: string[] };

/** The arguments, checked before the core opens: a usage mistake touches nothing. */
export function tagArgs(rest: string[]): TagArgs {
  const [action, tag, ...paths] = rest;
  if (action === 'list') {
    if (rest.length > 1) throw new UsageError('tag list takes no arguments');
    return { action };
  }
  if (action !== 'add' && action !== 'remove') throw new UsageError(`tag needs add, remove or list: ${USAGE}`);
  if (tag === undefined || paths.length === 0) throw new UsageError(`tag ${action} needs a tag and images: ${USAGE}`);
  return { action, tag: asUsage(() => parseTag(tag)), paths };
}

export function tagCommand(atelier: Atelier, args: TagArgs, json: boolean): void {
  const { organize } = atelier;
  if (args.action === 'list') {
    const tags = organize.tags();
    if (json) printJson(tags);
    else if (tags.length === 0) printLine('No tags yet: atelier tag add <tag> <path>...');
    else for (const t of tags) printLine(`${String(t.count).padStart(6)}  ${t.tag}${t.auto ? ' (auto)' : ''}`);
    return;
  }
  const { action, tag, paths } = args;
  const changed = action === 'add' ? organize.addTag(tag.name, paths) : organize.removeTag(tag.name, paths);
  const images = `${changed} image${changed === 1 ? '' : 's'}`;
  if (json) printJson({ tag: tag.name, changed });
  else printLine(action === 'add' ? `Tagged ${images} "${tag.name}".` : `Took "${tag.name}" off ${images}.`);
}
