/** What the selection bar does to several results at once. */
import { api } from '../../api/client';
import { errorMessage, plural } from '../../lib/format';
import { useOrganize } from '../organize/organizeStore';
import { useReferences } from '../references/referencesStore';
import { useResultsUi } from '../results/resultsStore';

const toast = (message: string) => useResultsUi.getState().toastShown(message);

export async function copyPaths(paths: readonly string[]): Promise<void> {
  try {
    await navigator.clipboard.writeText(paths.join('\n'));
    toast(`${plural(paths.length, 'path', 'paths')} copied`);
  } catch (err) {
    toast(`Could not copy: ${errorMessage(err)}`);
  }
}

/** Adds as many as the tray takes; the tray itself names those that did not fit. */
export function addAllToReferences(paths: readonly string[]): void {
  const added = useReferences.getState().referencesAdded(paths);
  toast(added === 0 ? 'Nothing added to references' : `${plural(added, 'image', 'images')} added to references`);
}

/** Tags every path; the refusal (a bad tag) is returned to be shown beside the field. */
export async function tagAll(tag: string, paths: readonly string[]): Promise<string | null> {
  try {
    await api.organize.addTag({ tag, paths: [...paths] });
  } catch (err) {
    return errorMessage(err);
  }
  toast(`Tagged ${plural(paths.length, 'image', 'images')} “${tag.trim()}”`);
  await useOrganize.getState().marksChanged(paths);
  return null;
}

export async function rateAll(rating: number, paths: readonly string[]): Promise<string | null> {
  try {
    await api.organize.rate({ rating, paths: [...paths] });
  } catch (err) {
    return errorMessage(err);
  }
  const what = plural(paths.length, 'image', 'images');
  toast(rating === 0 ? `Rating cleared on ${what}` : `Rated ${what} ${rating} of 5`);
  await useOrganize.getState().marksChanged(paths);
  return null;
}
