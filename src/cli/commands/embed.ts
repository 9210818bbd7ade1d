import path from 'node:path';
import type { Atelier } from '../../main/core/app';
import { UsageError } from '../errors';
import { printJson, printLine } from '../output';

export async function embedCommand(
  atelier: Atelier,
  options: { text?: string; image?: string; language: string | undefined; json: boolean },
): Promise<void> {
  if ((options.text === undefined) === (options.image === undefined)) {
    throw new UsageError('embed needs exactly one of --text "<text>" or --image PATH');
  }
  if (options.language !== undefined && options.text === undefined) {
    throw new UsageError('--lang goes with --text: an image has no language');
  }
  const search = await atelier.search();
  const encoder = await atelier.encoder();
  const vector =
    options.text !== undefined
      ? (await encoder.embedTexts([options.text], options.language))[0]!
      : await search.imageVector(path.resolve(options.image!));
  const out = { model: encoder.model.id, dim: vector.length, vector: Array.from(vector) };
  if (options.json) printJson(out);
  else
    printLine(
      `${out.model} (${out.dim} dimensions): [${out.vector
        .slice(0, 8)
        .map((v) => v.toFixed(4))
        .join(', ')}, …]`,
    );
}
