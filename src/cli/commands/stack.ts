/** `atelier stack` and `atelier unstack`: one image shown for several alike, the others behind it. */
import path from 'node:path';
import type { Atelier } from '../../main/core/app';
import { UsageError } from '../errors';
import { printJson, printLine } from '../output';

/** `stack`'s arguments, checked before the core opens. */
export function stackArgs(rest: string[]): { cover: string; paths: string[] } {
  const [cover, ...paths] = rest;
  if (cover === undefined || paths.length === 0) {
    throw new UsageError('stack needs a cover and the images to stack behind it: atelier stack <cover> <path>...');
  }
  if (paths.every((p) => path.resolve(p) === path.resolve(cover))) {
    throw new UsageError('A stack needs a cover and at least one other image.');
  }
  return { cover, paths };
}

export function stackCommand(atelier: Atelier, { cover, paths }: ReturnType<typeof stackArgs>, json: boolean): void {
  const stack = atelier.organize.stack(cover, paths);
  if (json) printJson(stack);
  else {
    const hidden = stack.members.length - 1;
    printLine(`Stacked ${hidden} image${hidden === 1 ? '' : 's'} behind ${stack.cover}.`);
  }
}

/** `unstack`'s arguments, checked before the core opens. */
export function unstackArgs(rest: string[]): { file: string } {
  if (rest.length !== 1) throw new UsageError('unstack takes one image of the stack: atelier unstack <path>');
  return { file: rest[0]! };
}

export function unstackCommand(atelier: Atelier, { file }: ReturnType<typeof unstackArgs>, json: boolean): void {
  const stack = atelier.organize.unstack(file);
  if (json) printJson(stack);
  else printLine(`Unstacked ${stack.members.length} images; each shows on its own again.`);
}
