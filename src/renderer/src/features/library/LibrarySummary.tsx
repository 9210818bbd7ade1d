/** A one-line account of the library: how many images, in how many folders, with which model. */
import type { LibraryStatus } from '../../../../shared/types';

const count = new Intl.NumberFormat();

function plural(n: number, one: string, many: string): string {
  return `${count.format(n)} ${n === 1 ? one : many}`;
}

export function LibrarySummary({ status }: { status: LibraryStatus }) {
  return (
    <p className="summary">
      {plural(status.files, 'image', 'images')} in {plural(status.folders.length, 'folder', 'folders')}
      {' · '}
      {status.model ? `model ${status.model}` : 'no model installed'}
    </p>
  );
}
