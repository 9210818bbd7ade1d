/** `atelier collection create|add|remove|move|list|show|rename|delete`: named, ordered sets of images. */
import path from 'node:path';
import type { Atelier } from '../../main/core/app';
import { type Label, parseCollectionName } from '../../main/core/organize/labels';
import { UsageError } from '../errors';
import { printJson, printLine } from '../output';
import { asUsage } from './organizeInput';

export type CollectionArgs =
  | { action: 'list' }
  | { action: 'create' | 'show' | 'delete'; name: Label }
  | { action: 'rename'; name: Label; to: Label }
  | { action: 'add' | 'remove'; name: Label; paths: string[] }
  | { action: 'move'; name: Label; paths: string[]; before: string | null };

const plural = (n: number) => `${n} image${n === 1 ? '' : 's'}`;

/** The arguments, checked before the core opens: a usage mistake touches nothing. */
export function collectionArgs(rest: string[], before?: string): CollectionArgs {
  const [action, name, ...paths] = rest;
  if (before !== undefined && action !== 'move') throw new UsageError('--before goes with collection move');
  if (action === 'list') {
    if (rest.length > 1) throw new UsageError('collection list takes no arguments');
    return { action };
  }
  if (
    action !== 'create' &&
    action !== 'show' &&
    action !== 'add' &&
    action !== 'remove' &&
    action !== 'move' &&
    action !== 'rename' &&
    action !== 'delete'
  ) {
    throw new UsageError(
      'collection needs create, add, remove, move, list, show, rename or delete: atelier collection --help',
    );
  }
  if (name === undefined) throw new UsageError(`collection ${action} needs a collection name`);
  const label = asUsage(() => parseCollectionName(name));
  if (action === 'rename') {
    if (paths.length !== 1) throw new UsageError('collection rename needs the name and the new name');
    return { action, name: label, to: asUsage(() => parseCollectionName(paths[0]!)) };
  }
  if (action === 'create' || action === 'show' || action === 'delete') {
    if (paths.length > 0) throw new UsageError(`collection ${action} takes only a name`);
    return { action, name: label };
  }
  if (paths.length === 0) {
    throw new UsageError(`collection ${action} needs images: atelier collection ${action} <name> <path>...`);
  }
  if (action === 'move')
    return { action, name: label, paths, before: before === undefined ? null : path.resolve(before) };
  return { action, name: label, paths };
}

export function collectionCommand(atelier: Atelier, args: CollectionArgs, json: boolean): void {
  const { organize } = atelier;
  switch (args.action) {
    case 'list': {
      const all = organize.collections();
      if (json) printJson(all);
      else if (all.length === 0) printLine('No collections yet: atelier collection create <name>');
      else for (const c of all) printLine(`${String(c.count).padStart(6)}  ${c.name}`);
      return;
    }
    case 'create': {
      const made = organize.createCollection(args.name.name);
      if (json) printJson(made);
      else printLine(`Created the collection "${made.name}".`);
      return;
    }
    case 'show': {
      const view = organize.collection(args.name.name);
      if (json) printJson(view);
      else {
        printLine(`${view.name}: ${plural(view.paths.length)}`);
        for (const p of view.paths) printLine(`  ${p}`);
      }
      return;
    }
    case 'rename': {
      const renamed = organize.renameCollection(args.name.name, args.to.name);
      if (json) printJson(renamed);
      else printLine(`Renamed "${args.name.name}" to "${renamed.name}".`);
      return;
    }
    case 'delete': {
      organize.deleteCollection(args.name.name);
      if (json) printJson({ deleted: args.name.name });
      else printLine(`Deleted the collection "${args.name.name}"; its images stay in the library.`);
      return;
    }
    case 'add': {
      const changed = organize.addToCollection(args.name.name, args.paths);
      if (json) printJson({ collection: args.name.name, changed });
      else printLine(`Added ${plural(changed)} to "${args.name.name}".`);
      return;
    }
    case 'move': {
      organize.reorderCollection(args.name.name, args.paths, args.before);
      if (json) printJson(organize.collection(args.name.name));
      else printLine(`Moved ${plural(args.paths.length)} in "${args.name.name}".`);
      return;
    }
    case 'remove': {
      const changed = organize.removeFromCollection(args.name.name, args.paths);
      if (json) printJson({ collection: args.name.name, changed });
      else printLine(`Took ${plural(changed)} out of "${args.name.name}".`);
    }
  }
}
