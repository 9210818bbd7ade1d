/**
 * The results: a listbox named "Results" over a windowed grid. Arrow keys,
 * Page Up/Down, Home and End move the active result; Enter opens its preview;
 * the Menu key or Shift+F10 opens its context menu, whose shortcuts work here too;
 * 0–5 rate the active result and T opens its tag field; E opens or closes the stack it is in.
 * In a collection's view, dragging images onto another, or Alt with an arrow, reorders it.
 */
import { type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { fileName } from '../../lib/format';
import { type ItemState, VirtualGrid } from '../../ui/VirtualGrid';
import { type GridLayout, itemRowsAway, justifiedLayout, scrollToReveal, squareLayout } from '../../ui/windowing';
import { useBrowse } from '../browse/browseStore';
import { beforeForDrop, beforeForIndex } from '../collections/collectionOrder';
import { ratingKey, TAG_FIELD_ID, useOrganize } from '../organize/organizeStore';
import { useSearch } from '../search/searchStore';
import { compareSelected } from '../selection/compareSelection';
import { actedOn, modeOf, primaryKey, useSelection } from '../selection/selectionStore';
import { useStacks } from '../stacks/stacksStore';
import { useBrowsing, useGridBusy, useGridImages, useListingIdentity } from './gridImages';
import { useGridView } from './gridView';
import { nextIndex } from './keyboard';
import { useResultsUi } from './resultsStore';
import { type PointerLike, resultId, ResultTile } from './ResultTile';
import { opensMenu, runShortcut } from './shortcuts';
import { useZoomKeys } from './zoomKeys';
import './results.css';

const GAP = 12;
const CAPTION = 24;
/** The grid's padding (.vgrid in results.css). */
const INSET = 14;
/** While browsing, the next page is asked for when this many rows or fewer are left below the view. */
const ROWS_AHEAD = 4;

const REORDER_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']);

/** Alt with an arrow alone: moves the image in a collection's order. */
const reorderStep = (event: KeyboardEvent) =>
  event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && REORDER_KEYS.has(event.key);

export function ResultsGrid() {
  const results = useGridImages();
  const listing = useListingIdentity();
  const browsing = useBrowsing();
  const busy = useGridBusy();
  // A collection's own view is in its order, which the user rearranges here.
  const reorderable = useSearch((s) => s.filters.collection !== null) && browsing;
  /** Said to screen readers after a move by the keyboard. */
  const [moved, setMoved] = useState('');
  const active = useResultsUi((s) => s.active);
  const selected = useSelection((s) => s.selected);
  const openStacks = useStacks((s) => s.open);
  const { stackToggled } = useStacks.getState();
  const { activeChanged, previewOpened, resultsReplaced, menuOpened } = useResultsUi.getState();
  const { resultPicked, allSelected, selectionCleared } = useSelection.getState();
  const paths = useMemo(() => results.map((r) => r.path), [results]);
  // The tiles' handlers read the paths through a ref: a page appended while browsing changes the
  // paths, and handlers that changed with them would render every tile on screen again.
  const pathsNow = useRef(paths);
  useLayoutEffect(() => {
    pathsNow.current = paths;
  }, [paths]);
  // How many images the listing holds, loaded or not (a browsed folder's total): the same for every
  // page, so appending one renders no tile already shown.
  const total = useBrowse((s) => (s.listing.kind === 'ready' ? s.listing.total : 0));
  const setSize = browsing ? Math.max(total, results.length) : results.length;
  const mode = useGridView((s) => s.mode);
  const size = useGridView((s) => s.size);
  const arrange = useCallback(
    (width: number) =>
      mode === 'square'
        ? squareLayout(width, results.length, size, GAP, CAPTION)
        : justifiedLayout(width, results.length, (i) => results[i]!.width / results[i]!.height, size, GAP, CAPTION),
    [mode, size, results],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const geometry = useRef<{ layout: GridLayout; viewport: number } | null>(null);
  useZoomKeys(scrollRef);

  useEffect(() => {
    resultsReplaced();
    useSelection.getState().selectionCleared();
    scrollRef.current?.scrollTo({ top: 0 });
  }, [listing, resultsReplaced]);

  const onRowsShown = useCallback(
    (lastIndex: number, perRow: number) => {
      if (browsing && lastIndex >= results.length - 1 - ROWS_AHEAD * perRow) {
        void useBrowse.getState().endApproached();
      }
    },
    [browsing, results.length],
  );

  const reveal = (index: number) => {
    const element = scrollRef.current;
    if (!element || !geometry.current) return;
    const top = scrollToReveal(geometry.current.layout, index, element.scrollTop, geometry.current.viewport, INSET);
    if (top !== null) element.scrollTop = top;
  };

  const onPress = useCallback(
    (index: number, event: PointerLike) => {
      const paths = pathsNow.current;
      const mode = modeOf(event);
      const path = paths[index];
      // A plain press on a selected result may start dragging the whole selection: the click decides.
      const keep = path !== undefined && useSelection.getState().selected.has(path) && mode === 'replace';
      if (!keep) resultPicked(index, paths, mode);
      activeChanged(index);
    },
    [resultPicked, activeChanged],
  );
  const onClick = useCallback(
    (index: number, event: PointerLike) => {
      if (event.button === 0 && modeOf(event) === 'replace') resultPicked(index, pathsNow.current, 'replace');
    },
    [resultPicked],
  );
  const targetsOf = useCallback(
    (path: string) => actedOn(path, pathsNow.current, useSelection.getState().selected),
    [],
  );

  const moveInCollection = async (moving: readonly string[], before: string | null) => {
    const refused = await useBrowse.getState().collectionReordered(moving, before);
    if (refused) useResultsUi.getState().toastShown(refused);
  };

  const onReorderDrop = useCallback((index: number, after: boolean, moving: readonly string[]) => {
    const shown = pathsNow.current;
    const target = shown[index];
    if (target === undefined) return;
    const ordered = shown.filter((p) => moving.includes(p));
    const before = beforeForDrop(
      shown.map((path) => ({ path })),
      ordered,
      target,
      after,
    );
    if (before !== undefined) void moveInCollection(ordered, before);
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (results.length === 0 || !geometry.current) return;
    const hit = results[active];
    if (reorderable && hit && reorderStep(event)) {
      // Alt+Left/Right is also Back/Forward: in a collection's view, on an image, it moves the image.
      event.preventDefault();
      event.stopPropagation();
      const { layout } = geometry.current;
      const to =
        event.key === 'ArrowLeft'
          ? active - 1
          : event.key === 'ArrowRight'
            ? active + 1
            : itemRowsAway(layout, active, event.key === 'ArrowUp' ? -1 : 1);
      if (to < 0 || to >= results.length || to === active) return;
      void moveInCollection([hit.path], beforeForIndex(results, hit.path, to));
      activeChanged(to);
      setMoved(`${fileName(hit.path)} is now image ${to + 1} of ${results.length}`);
      reveal(to);
      return;
    }
    if (primaryKey(event) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      allSelected(paths);
      return;
    }
    if (event.key === 'Escape' && selected.size > 0) {
      event.preventDefault();
      selectionCleared();
      return;
    }
    const plainC = event.key.toLowerCase() === 'c' && !event.ctrlKey && !event.metaKey && !event.altKey;
    if (plainC && !event.shiftKey && compareSelected(results, selected)) {
      event.preventDefault();
      return;
    }
    const stars = ratingKey(event);
    if (hit && stars !== null) {
      event.preventDefault();
      void useOrganize.getState().ratingChosen(hit.path, stars);
      return;
    }
    if (hit && event.key.toLowerCase() === 't' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      document.getElementById(TAG_FIELD_ID)?.focus();
      return;
    }
    const stackOf = hit?.stack ? hit.path : hit?.stackedUnder;
    if (stackOf && event.key.toLowerCase() === 'e' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      void stackToggled(stackOf);
      return;
    }
    if (hit && runShortcut(event, targetsOf(hit.path))) {
      event.preventDefault();
      return;
    }
    if (opensMenu(event)) {
      event.preventDefault();
      const box = document.getElementById(resultId(active))?.getBoundingClientRect();
      if (box) menuOpened(active, box.left + box.width / 2, box.top + box.height / 2);
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      previewOpened(active);
      return;
    }
    const { layout, viewport } = geometry.current;
    const pageRows = Math.max(1, Math.floor(viewport / (layout.rowHeight + layout.gap)));
    const next = nextIndex(event.key, active, results.length, layout, pageRows);
    if (next === null) return;
    event.preventDefault();
    activeChanged(next);
    // Ctrl/⌘ held, the arrow moves without changing the selection; Shift extends it.
    if (!primaryKey(event) || event.shiftKey) resultPicked(next, paths, event.shiftKey ? 'range' : 'replace');
    reveal(next);
  };

  const onStackToggle = useCallback((cover: string) => void stackToggled(cover), [stackToggled]);

  const onLayout = useCallback((layout: GridLayout, viewport: number) => {
    geometry.current = { layout, viewport };
  }, []);

  const renderItem = (index: number, layout: GridLayout, { flinging }: ItemState) => (
    <ResultTile
      key={results[index]!.path}
      hit={results[index]!}
      index={index}
      count={setSize}
      active={index === active}
      selected={selected.has(results[index]!.path)}
      width={layout.widths[index]!}
      imageHeight={layout.imageHeight}
      cover={mode === 'justified'}
      showImage={!flinging}
      onPress={onPress}
      onClick={onClick}
      dragPaths={targetsOf}
      onOpen={previewOpened}
      onMenu={menuOpened}
      stackOpen={Boolean(openStacks[results[index]!.path])}
      onStackToggle={onStackToggle}
      onReorderDrop={reorderable ? onReorderDrop : undefined}
    />
  );

  return (
    <>
      {reorderable && (
        <span className="visually-hidden" role="status">
          {moved}
        </span>
      )}
      <VirtualGrid
        role="listbox"
        aria-label="Results"
        aria-multiselectable
        aria-busy={busy}
        aria-activedescendant={results.length > 0 ? resultId(active) : undefined}
        tabIndex={0}
        className="results"
        count={results.length}
        arrange={arrange}
        data-layout={mode}
        renderItem={renderItem}
        scrollRef={scrollRef}
        onLayout={onLayout}
        onRowsShown={onRowsShown}
        onKeyDown={onKeyDown}
      />
    </>
  );
}
