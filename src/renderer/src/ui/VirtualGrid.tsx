/**
 * A windowed grid: only the rows in view (plus a few either side) are in the
 * DOM, laid out with transforms inside a spacer as tall as the whole grid, so
 * 100,000 items scroll like 100. The container is what the caller labels and
 * focuses; it gets the scroll element through `scrollRef`.
 */
import {
  type HTMLAttributes,
  type ReactNode,
  type RefObject,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { flushSync } from 'react-dom';
import { ScrollSpeed } from './scrollSpeed';
import { type GridLayout, gridLayout, visibleRows } from './windowing';

/** What an item may skip while the grid is flung: its image (it keeps its place and its name). */
export interface ItemState {
  /** True while the grid scrolls too fast for images to be worth loading. */
  flinging: boolean;
}

export interface VirtualGridProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  count: number;
  minTileWidth: number;
  /** Height added to the tile's width (a caption under a square image). */
  captionHeight: number;
  gap: number;
  renderItem: (index: number, layout: GridLayout, state: ItemState) => ReactNode;
  scrollRef: RefObject<HTMLDivElement | null>;
  onLayout?: (layout: GridLayout, viewportHeight: number) => void;
  /** The last item in the DOM after a render (with the columns), to load more before the end shows. */
  onRowsShown?: (lastIndex: number, columns: number) => void;
}

export function VirtualGrid({
  count,
  minTileWidth,
  captionHeight,
  gap,
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

  const layout = gridLayout(size.width, count, minTileWidth, gap, captionHeight);
  const { first, last } = visibleRows(layout, scrollTop, size.height);
  const stride = useRef(1);
  stride.current = layout.tileHeight + gap;

  useLayoutEffect(() => {
    onLayout?.(layout, size.height);
  });

  const lastShown = size.width > 0 ? Math.min(count, (last + 1) * layout.columns) - 1 : -1;
  useEffect(() => {
    if (lastShown >= 0) onRowsShown?.(lastShown, layout.columns);
  }, [lastShown, layout.columns, onRowsShown]);

  const rows: ReactNode[] = [];
  if (size.width > 0) {
    for (let row = first; row <= last; row++) {
      const items: ReactNode[] = [];
      for (let col = 0; col < layout.columns; col++) {
        const index = row * layout.columns + col;
        if (index >= count) break;
        items.push(renderItem(index, layout, { flinging }));
      }
      rows.push(
        <div
          key={row}
          className="vgrid-row"
          role="presentation"
          style={{
            transform: `translateY(${row * (layout.tileHeight + gap)}px)`,
            gridTemplateColumns: `repeat(${layout.columns}, ${layout.tileWidth}px)`,
            columnGap: gap,
            height: layout.tileHeight,
          }}
        >
          {items}
        </div>,
      );
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
