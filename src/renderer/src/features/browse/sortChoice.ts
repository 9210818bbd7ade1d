/** The browse order the user chose, kept in localStorage so the grid opens the way it was left. */
import { BROWSE_SORTS, type BrowseSort, defaultOrder, type SortOrder } from '../../../../shared/browse';

export interface SortChoice {
  sort: BrowseSort;
  order: SortOrder;
  /** The shuffle of `random`: kept, so the grid shows the same shuffle until asked for another. */
  seed: number;
}

const KEY = 'atelier.browse.sort';

export const DEFAULT_SORT: SortChoice = { sort: 'added', order: defaultOrder('added'), seed: 0 };

export function loadSortChoice(): SortChoice {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<SortChoice> | null;
    if (!raw || !(BROWSE_SORTS as readonly unknown[]).includes(raw.sort)) return DEFAULT_SORT;
    const sort = raw.sort!;
    return {
      sort,
      order: raw.order === 'asc' || raw.order === 'desc' ? raw.order : defaultOrder(sort),
      seed: Number.isInteger(raw.seed) && raw.seed! >= 0 ? raw.seed! : 0,
    };
  } catch {
    return DEFAULT_SORT;
  }
}

export function saveSortChoice(choice: SortChoice): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(choice));
  } catch {
    // Storage full or refused: the choice lasts until the page closes.
  }
}

/** A new shuffle. */
export function newSeed(): number {
  return Math.floor(Math.random() * 2_147_483_647);
}
