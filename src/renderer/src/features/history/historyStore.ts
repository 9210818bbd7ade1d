/**
 * Back and forward through the places the grid has shown: each search (its
 * text, example image and filters) and each folder browsed. A place is taken
 * down whenever the grid starts showing something new; going back shows an
 * earlier one again (searching again, as its results may have changed).
 */
import { create } from 'zustand';
import { thumbnailUrl } from '../../api/client';
import { type Example, type Filters, useSearch } from '../search/searchStore';

interface Place {
  text: string;
  example: Example | null;
  filters: Filters;
}

interface HistoryState {
  places: Place[];
  at: number;
  backRequested: () => void;
  forwardRequested: () => void;
}

const sameKey = (p: Place) => JSON.stringify([p.text.trim(), p.example?.path ?? null, p.filters]);

/** True while a place is being shown again: that is no new place. */
let restoring = false;

function show(place: Place): void {
  restoring = true;
  try {
    useSearch.setState({ text: place.text, example: place.example, filters: place.filters });
    // searchSubmitted sets the run before its first await, so the subscription below sees `restoring`.
    void useSearch.getState().searchSubmitted();
  } finally {
    restoring = false;
  }
}

export const useHistory = create<HistoryState>()((set, get) => ({
  places: [],
  at: -1,
  backRequested() {
    const { places, at } = get();
    if (at <= 0) return;
    set({ at: at - 1 });
    show(places[at - 1]!);
  },
  forwardRequested() {
    const { places, at } = get();
    if (at >= places.length - 1) return;
    set({ at: at + 1 });
    show(places[at + 1]!);
  },
}));

function placeNow(): Place {
  const { text, example, filters } = useSearch.getState();
  // A dropped file's preview is a blob URL that is let go when another replaces it; its upload stays readable.
  return { text, example: example && { ...example, previewUrl: thumbnailUrl(example.path) }, filters };
}

function visited(): void {
  const place = placeNow();
  const { places, at } = useHistory.getState();
  if (at >= 0 && sameKey(places[at]!) === sameKey(place)) return;
  useHistory.setState({ places: [...places.slice(0, at + 1), place], at: at + 1 });
}

/** A dropped file was refused and the search put back as it was: the place its search opened is none. */
function forgetRefused(): void {
  const { places, at } = useHistory.getState();
  if (at > 0 && sameKey(places[at]!) !== sameKey(placeNow())) {
    useHistory.setState({ places: places.slice(0, at), at: at - 1 });
  }
}

/** Takes down a place each time the grid starts showing a search or goes back to browsing; returns the unsubscribe. */
export function subscribeHistory(): () => void {
  visited();
  return useSearch.subscribe((s, before) => {
    if (s.notice !== null && before.notice === null) forgetRefused();
    if (restoring || s.run === before.run) return;
    if (s.run.kind === 'searching' || s.run.kind === 'idle') visited();
  });
}
