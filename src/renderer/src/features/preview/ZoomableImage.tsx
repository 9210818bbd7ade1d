/**
 * One image in a frame that zooms (wheel around the pointer, +/−, 1:1, fit)
 * and pans (drag). It opens fitted, and again whenever the image changes.
 * `ref` gets the zoom commands, so the dialog's keys and buttons can drive it.
 */
import {
  type Ref,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { actualSize, fitView, panBy, type Size, wheelFactor, ZOOM_STEP, zoomBy, type ZoomView } from './zoom';

export interface ZoomCommands {
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  actualSize(): void;
}

interface Props {
  src: string;
  alt: string;
  /** The image's size in pixels as the catalog knows it; 0 when unknown (the loaded image's is used). */
  width: number;
  height: number;
  ref?: Ref<ZoomCommands>;
  /**
   * A sharper rendering, loaded once the zoom shows more pixels than `src` holds
   * (`srcPixels` on its longer side).
   */
  largeSrc?: string;
  srcPixels?: number;
  /** Told the scale (1 = 1:1) whenever it changes. */
  onScale?: (scale: number) => void;
}

export function ZoomableImage({ src, alt, width, height, ref, onScale, largeSrc, srcPixels = 1024 }: Props) {
  const frameRef = useRef<HTMLDivElement>(null);
  const [frame, setFrame] = useState<Size>({ width: 0, height: 0 });
  const [loaded, setLoaded] = useState<Size | null>(null);
  const image = useMemo<Size>(
    () => (width > 0 && height > 0 ? { width, height } : (loaded ?? { width: 0, height: 0 })),
    [width, height, loaded],
  );
  const [view, setView] = useState<ZoomView | null>(null);
  const drag = useRef<{ x: number; y: number; id: number } | null>(null);

  useLayoutEffect(() => {
    const element = frameRef.current;
    if (!element) return;
    const measure = () => setFrame({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // A new image opens fitted; so does the same one once the frame changes size (full screen).
  useEffect(() => setView(null), [src, frame.width, frame.height]);
  useEffect(() => setLoaded(null), [src]);
  const [sharp, setSharp] = useState(false);
  useEffect(() => setSharp(false), [src]);

  const ready = image.width > 0 && frame.width > 0;
  const shown = view ?? fitView(image, frame);
  const scale = shown.scale;
  useEffect(() => {
    if (ready) onScale?.(scale);
  }, [ready, scale, onScale]);

  // Only with the catalog's size: the rendering's own would change under the zoom as it loads.
  const longSide = width > 0 && height > 0 ? Math.max(width, height) : 0;
  const needsSharper = ready && longSide > srcPixels && longSide * scale * window.devicePixelRatio > srcPixels * 1.05;
  useEffect(() => {
    if (largeSrc && needsSharper) setSharp(true);
  }, [largeSrc, needsSharper]);

  const change = useCallback(
    (next: (current: ZoomView) => ZoomView) => {
      if (!ready) return;
      setView((current) => next(current ?? fitView(image, frame)));
    },
    [ready, image, frame],
  );

  useImperativeHandle(
    ref,
    () => ({
      zoomIn: () => change((v) => zoomBy(v, ZOOM_STEP, image, frame)),
      zoomOut: () => change((v) => zoomBy(v, 1 / ZOOM_STEP, image, frame)),
      fit: () => setView(null),
      actualSize: () => change((v) => actualSize(v, image, frame)),
    }),
    [change, image, frame],
  );

  // React's onWheel is passive: preventDefault (no page zoom, no scroll) needs a listener of our own.
  useEffect(() => {
    const element = frameRef.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const box = element.getBoundingClientRect();
      const point = { x: event.clientX - box.left - box.width / 2, y: event.clientY - box.top - box.height / 2 };
      change((v) => zoomBy(v, wheelFactor(event.deltaY), image, frame, point));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [change, image, frame]);

  const overhangs = image.width * scale > frame.width + 0.5 || image.height * scale > frame.height + 0.5;

  return (
    <div
      ref={frameRef}
      className={`zoom-frame${overhangs ? ' pannable' : ''}`}
      onPointerDown={(event) => {
        if (event.button !== 0 || !overhangs) return;
        event.preventDefault();
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { x: event.clientX, y: event.clientY, id: event.pointerId };
      }}
      onPointerMove={(event) => {
        const from = drag.current;
        if (!from || from.id !== event.pointerId) return;
        drag.current = { x: event.clientX, y: event.clientY, id: from.id };
        change((v) => panBy(v, event.clientX - from.x, event.clientY - from.y, image, frame));
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
    >
      <img
        src={sharp && largeSrc ? largeSrc : src}
        alt={alt}
        draggable={false}
        onLoad={(event) => {
          const img = event.currentTarget;
          setLoaded({ width: img.naturalWidth, height: img.naturalHeight });
        }}
        style={
          ready
            ? {
                width: image.width * scale,
                height: image.height * scale,
                transform: `translate(-50%, -50%) translate(${shown.x}px, ${shown.y}px)`,
              }
            : { visibility: 'hidden' }
        }
      />
    </div>
  );
}
