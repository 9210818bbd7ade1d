/** `atelier duplicates`: exact copies and look-alikes in the library, as groups. */
import type { Atelier } from '../../main/core/app';
import { StackRecords } from '../../main/core/catalog/stackRecords';
import {
  DEFAULT_SIMILARITY,
  findDuplicates,
  parseThreshold,
  ThresholdError,
} from '../../main/core/organize/duplicates';
import { markStacked } from '../../main/core/organize/stackedGroups';
import { UsageError } from '../errors';
import type { FlagValues } from '../flags';
import { printJson, printLine } from '../output';

/** The threshold, checked before the core opens. */
export function duplicatesArgs(rest: string[], values: FlagValues): { threshold: number } {
  if (rest.length > 0) throw new UsageError(`duplicates takes no arguments, not "${rest.join(' ')}"`);
  if (values.threshold === undefined) return { threshold: DEFAULT_SIMILARITY };
  try {
    return { threshold: parseThreshold(values.threshold) };
  } catch (err) {
    if (err instanceof ThresholdError) throw new UsageError(err.message);
    throw err;
  }
}

export async function duplicatesCommand(
  atelier: Atelier,
  { threshold }: ReturnType<typeof duplicatesArgs>,
  json: boolean,
): Promise<void> {
  const model = await atelier.activeModel();
  // Without a model there are no vectors to compare: copies are still known by content.
  const found = await findDuplicates(atelier.catalog.db, model?.id ?? '', threshold);
  const groups = markStacked(new StackRecords(atelier.catalog.db), found, (g) => g.paths);
  if (json) {
    printJson({ groups });
    return;
  }
  if (groups.length === 0) printLine('No duplicates.');
  for (const group of groups) {
    const what = group.kind === 'copy' ? 'Copies' : `Similar (${group.similarity.toFixed(3)})`;
    printLine(`${what}${group.stack ? `, stacked under ${group.stack.cover}` : ''}:`);
    for (const p of group.paths) printLine(`  ${p}`);
  }
}
