/**
 * A windowed grid: only the rows in view (plus a few either side) are in the
 * DOM, laid out with transforms inside a spacer as tall as the whole grid, so
 * 100,000 items scroll like 100. The caller arranges the items into rows for
 * a width (windowing.ts); the container is what the caller labels and focuses,
 * and it gets the scroll element through `scrollRef`.
 */
import {
  type HTMLAttributes,
  memo,
  type ReactNode,
  type RefObject,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { flushSync } from 'react-dom';
import { ScrollSpeed } from './scrollSpeed';
import { type GridLayout, visibleRows } from './windowing';

/** What an item may skip while the grid is flung: its image (it keeps its place and its name). */
export interface ItemState {
  /** True while the grid scrolls too fast for images to be worth loading. */
  flinging: boolean;
}

export interface VirtualGridProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  count: number;
  /** The rows for a width; a new function (other items, another size) lays the grid out again. */
  arrange: (width: number) => GridLayout;
  renderItem: (index: number, layout: GridLayout, state: ItemState) => ReactNode;
  scrollRef: RefObject<HTMLDivElement | null>;
  onLayout?: (layout: GridLayout, viewportHeight: number) => void;
  /** The last item in the DOM after a render (with how many items a row holds), to load more before the end shows. */
  onRowsShown?: (lastIndex: number, perRow: number) => void;
}

interface GridRowProps {
  row: number;
  layout: GridLayout;
  flinging: boolean;
  renderItem: VirtualGridProps['renderItem'];
}

/**
 * One row, rendered again only when its layout, the fling state or the items' rendering change:
 * a scroll that brings a row in leaves the rows already shown alone.
 */
const GridRow = memo(function GridRow({ row, layout, flinging, renderItem }: GridRowProps) {
  const items: ReactNode[] = [];
  for (let index = layout.rowStarts[row]!; index < layout.rowStarts[row + 1]!; index++) {
    items.push(renderItem(index, layout, { flinging }));
  }
  return (
    <div
      className="vgrid-row"
      role="presentation"
      style={{
        transform: `translateY(${row * (layout.rowHeight + layout.gap)}px)`,
        columnGap: layout.gap,
        height: layout.rowHeight,
      }}
    >
      {items}
    </div>
  );
});

export function VirtualGrid({
  count,
  arrange,
  renderItem,
  scrollRef,
  onLayout,
  onRowsShown,
  className,
  ...rest
}: VirtualGridProps) {
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [scrollTop, setScrollTop] = useState(0);
  const [flinging, setFlinging] = useState(false);
  const speed = useRef<ScrollSpeed | null>(null);
  speed.current ??= new ScrollSpeed(setFlinging);
  useEffect(() => () => speed.current?.dispose(), []);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const measure = () => {
      const style = getComputedStyle(element);
      const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      setSize({ width: element.clientWidth - padding, height: element.clientHeight });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [scrollRef]);

  const layout = useMemo(() => arrange(size.width), [arrange, size.width]);
  const { first, last } = visibleRows(layout, scrollTop, size.height);
  const stride = useRef(1);
  stride.current = layout.rowHeight + layout.gap;

  useLayoutEffect(() => {
    onLayout?.(layout, size.height);
  });

  const lastShown = size.width > 0 && layout.rows > 0 ? layout.rowStarts[last + 1]! - 1 : -1;
  const perRow = layout.rows > 0 ? Math.max(1, Math.round(count / layout.rows)) : 1;
  useEffect(() => {
    if (lastShown >= 0) onRowsShown?.(lastShown, perRow);
  }, [lastShown, perRow, onRowsShown]);

  const rows: ReactNode[] = [];
  if (size.width > 0) {
    for (let row = first; row <= last; row++) {
      rows.push(<GridRow key={row} row={row} layout={layout} flinging={flinging} renderItem={renderItem} />);
    }
  }

  return (
    <div
      {...rest}
      ref={scrollRef}
      className={`vgrid ${className ?? ''}`}
      onScroll={(event) => {
        const raw = event.currentTarget.scrollTop;
        speed.current?.scrolled(raw, event.timeStamp);
        // Snapped to whole rows: React renders again only when a row enters or leaves. It renders
        // in this event, before the frame is painted, so a new row never shows a frame late.
        const top = Math.floor(raw / stride.current) * stride.current;
        if (top !== scrollTop) flushSync(() => setScrollTop(top));
      }}
    >
      <div className="vgrid-spacer" role="presentation" style={{ height: layout.height }}>
        {rows}
      </div>
    </div>
  );
}
