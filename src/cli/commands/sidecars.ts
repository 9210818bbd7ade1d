/** `atelier sidecars write`: the library's tags and ratings in XMP sidecars beside the images. */
import fs from 'node:fs';
import path from 'node:path';
import type { Atelier } from '../../main/core/app';
import { UsageError } from '../errors';
import { printJson, printLine } from '../output';

/** `sidecars`' arguments, checked before the core opens. */
export function sidecarsArgs(rest: string[], folders: string[]): { folders: string[] } {
  if (rest.length !== 1 || rest[0] !== 'write') {
    throw new UsageError('sidecars takes one action: atelier sidecars write [--folder DIR]...');
  }
  for (const folder of folders) {
    if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
      throw new UsageError(`--folder must be a folder: ${path.resolve(folder)} is not one.`);
    }
  }
  // The library keeps real paths: a folder given through a link still matches.
  return { folders: folders.map((f) => fs.realpathSync(f)) };
}

export function sidecarsCommand(atelier: Atelier, { folders }: ReturnType<typeof sidecarsArgs>, json: boolean): void {
  const summary = atelier.organize.writeSidecars(folders);
  if (json) {
    printJson(summary);
    return;
  }
  printLine(`Wrote ${summary.written} new sidecar(s), updated ${summary.updated}.`);
  for (const skip of summary.skipped) printLine(`  skipped ${skip.path}: ${skip.reason}`);
}
