/** How the library is ordered while browsing: the sort, and its direction (or a new shuffle). */
import type { BrowseSort, SortOrder } from '../../../../shared/browse';
import { useBrowse } from './browseStore';
import './browse.css';

const SORTS: ReadonlyArray<{ value: BrowseSort; label: string }> = [
  { value: 'added', label: 'Date added' },
  { value: 'modified', label: 'Date modified' },
  { value: 'name', label: 'Name' },
  { value: 'size', label: 'Size' },
  { value: 'random', label: 'Shuffled' },
];

/** The direction in the sort's own words: [ascending, descending]. */
const DIRECTIONS: Record<Exclude<BrowseSort, 'random'>, [string, string]> = {
  added: ['Oldest first', 'Newest first'],
  modified: ['Oldest first', 'Newest first'],
  name: ['A to Z', 'Z to A'],
  size: ['Smallest first', 'Largest first'],
};

export function SortControls() {
  const { sort, order } = useBrowse((s) => s.choice);
  const { sortChosen, orderChosen, shuffleRequested } = useBrowse.getState();
  return (
    <div className="sort-controls">
      <label className="filter">
        <span>Sort</span>
        <select className="select" value={sort} onChange={(e) => void sortChosen(e.target.value as BrowseSort)}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {sort === 'random' ? (
        <button type="button" className="button small" onClick={() => void shuffleRequested()}>
          Shuffle again
        </button>
      ) : (
        <label className="filter">
          <span className="visually-hidden">Order</span>
          <select className="select" value={order} onChange={(e) => void orderChosen(e.target.value as SortOrder)}>
            <option value="asc">{DIRECTIONS[sort][0]}</option>
            <option value="desc">{DIRECTIONS[sort][1]}</option>
          </select>
        </label>
      )}
    </div>
  );
}
