/**
 * A large view of one image of a list, as a modal dialog: zoom (wheel, + and −,
 * 1:1, fit), pan by dragging, full screen, previous and next (buttons and the
 * arrow keys), and compare: C (or the Compare button) keeps the image on the
 * left while previous and next choose the one beside it. How a generated image
 * was made shows under it.
 */
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { thumbnailUrl } from '../../api/client';
import { fileName } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { useModalDialog } from '../../ui/useModalDialog';
import { ProvenanceDetails } from '../generate/ProvenanceDetails';
import type { GridImage } from '../results/gridImage';
import { HitActions } from '../results/HitActions';
import { MatchSnippet } from '../results/MatchSnippet';
import { PreviewPalette } from '../results/PreviewPalette';
import { useFullscreen } from './useFullscreen';
import { VideoPlayer } from './VideoPlayer';
import { ZoomableImage, type ZoomCommands } from './ZoomableImage';
import './preview.css';

interface Props {
  images: readonly GridImage[];
  /** The image shown; null: the dialog is closed. */
  index: number | null;
  onIndex: (index: number) => void;
  onClose: () => void;
  /** Where focus goes back to once the dialog closes. */
  returnFocus?: () => void;
  /** Opens comparing this image (on the left) with the one at `index`. */
  compareWith?: GridImage | null;
}

export function ImagePreview({ images, index, onIndex, onClose, returnFocus, compareWith = null }: Props) {
  const body = useRef<HTMLDivElement>(null);
  const zoomers = useRef<Array<ZoomCommands | null>>([]);
  const [pinned, setPinned] = useState<GridImage | null>(compareWith);
  const [scale, setScale] = useState<number | null>(null);
  const { fullscreen, toggleFullscreen } = useFullscreen(body);
  const open = index !== null;
  const dialog = useModalDialog(open);
  const hit = open ? images[index] : undefined;

  useEffect(() => {
    if (open) setPinned(compareWith);
    else if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }, [open, compareWith]);

  const zoom = (command: keyof ZoomCommands) => zoomers.current.forEach((z) => z?.[command]());
  const onScale = useCallback((s: number) => setScale(s), []);
  const step = (by: number) => {
    if (index === null) return;
    const next = index + by;
    if (next >= 0 && next < images.length) onIndex(next);
  };

  /** Keeps the image shown on the left and moves on to the next (the previous at the end) for the right. */
  const compare = () => {
    if (!hit || index === null) return;
    if (pinned) return setPinned(null);
    setPinned(hit);
    step(index < images.length - 1 ? 1 : -1);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!hit || event.ctrlKey || event.metaKey || event.altKey) return;
    const run: Record<string, () => void> = {
      ArrowRight: () => step(1),
      ArrowLeft: () => step(-1),
      '+': () => zoom('zoomIn'),
      '=': () => zoom('zoomIn'),
      '-': () => zoom('zoomOut'),
      '0': () => zoom('fit'),
      '1': () => zoom('actualSize'),
      f: () => void toggleFullscreen(),
      c: compare,
    };
    const action = run[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const shown = pinned && hit ? [pinned, hit] : hit ? [hit] : [];
  const title = pinned && hit ? `Comparing ${fileName(pinned.path)} with ${fileName(hit.path)}` : undefined;

  return (
    <dialog
      ref={dialog}
      className="preview"
      aria-label={title ?? (hit ? `Preview of ${fileName(hit.path)}` : 'Preview')}
      onClose={() => {
        onClose();
        setPinned(null);
        returnFocus?.();
      }}
      onKeyDown={onKeyDown}
    >
      {hit && index !== null && (
        <div ref={body} className={`preview-body${fullscreen ? ' fullscreen' : ''}`}>
          <header className="preview-head">
            <h2 className="preview-title ellipsis">{title ?? fileName(hit.path)}</h2>
            <span className="muted tabular">
              {hit.width > 0 ? `${hit.width}×${hit.height} · ` : ''}
              {hit.format.toUpperCase()}
              {hit.score !== undefined ? ` · score ${hit.score.toFixed(3)}` : ''}
            </span>
            <span className="muted tabular small-text">
              {index + 1} of {images.length}
            </span>
            <div className="preview-tools" role="toolbar" aria-label="View">
              <button
                type="button"
                className="icon-button"
                aria-label="Previous image"
                title="Previous (←)"
                disabled={index === 0}
                onClick={() => step(-1)}
              >
                <Icon name="chevron-left" />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label="Next image"
                title="Next (→)"
                disabled={index >= images.length - 1}
                onClick={() => step(1)}
              >
                <Icon name="chevron" />
              </button>
              <span className="tool-gap" />
              <button
                type="button"
                className="icon-button"
                aria-label="Zoom out"
                title="Zoom out (−)"
                onClick={() => zoom('zoomOut')}
              >
                <Icon name="minus" />
              </button>
              <output className="zoom-level tabular" aria-label="Zoom" aria-live="off">
                {scale === null ? '' : `${Math.round(scale * 100)}%`}
              </output>
              <button
                type="button"
                className="icon-button"
                aria-label="Zoom in"
                title="Zoom in (+)"
                onClick={() => zoom('zoomIn')}
              >
                <Icon name="plus" />
              </button>
              <button
                type="button"
                className="button small"
                aria-label="Actual size"
                title="Actual size, 1:1 (1)"
                onClick={() => zoom('actualSize')}
              >
                1:1
              </button>
              <button
                type="button"
                className="button small"
                aria-label="Fit"
                title="Fit to the window (0)"
                onClick={() => zoom('fit')}
              >
                Fit
              </button>
              <span className="tool-gap" />
              <button
                type="button"
                className="button small"
                aria-pressed={pinned !== null}
                title="Keep this image on the left and choose the other with ← and → (C)"
                onClick={compare}
              >
                <Icon name="compare" size={14} /> Compare
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={fullscreen ? 'Exit full screen' : 'Full screen'}
                title="Full screen (F)"
                onClick={() => void toggleFullscreen()}
              >
                <Icon name="expand" />
              </button>
              <button type="button" className="icon-button" aria-label="Close preview" onClick={onClose} autoFocus>
                <Icon name="close" />
              </button>
            </div>
          </header>
          <div className={`preview-stage${shown.length > 1 ? ' compare' : ''}`}>
            {shown.map((image, i) => (
              <figure key={i} className="preview-pane">
                {image.duration !== undefined && shown.length === 1 ? (
                  <VideoPlayer image={image} />
                ) : (
                  <ZoomableImage
                    ref={(commands) => {
                      zoomers.current[i] = commands;
                    }}
                    src={thumbnailUrl(image.path, 'preview')}
                    largeSrc={thumbnailUrl(image.path, 'large')}
                    alt={fileName(image.path)}
                    width={image.width}
                    height={image.height}
                    {...(i === 0 ? { onScale } : {})}
                  />
                )}
                {shown.length > 1 && <figcaption className="ellipsis">{fileName(image.path)}</figcaption>}
              </figure>
            ))}
          </div>
          {!fullscreen && (
            <>
              {hit.matches && (
                <p className="preview-match">
                  <MatchSnippet matches={hit.matches} className="preview-snippet" />
                </p>
              )}
              <PreviewPalette path={hit.path} onPick={onClose} />
              <ProvenanceDetails path={hit.path} onAction={onClose} />
              <footer className="preview-foot">
                <span className="mono muted ellipsis" title={hit.path}>
                  {hit.path}
                </span>
                <div className="button-row">
                  <HitActions hit={hit} />
                </div>
              </footer>
            </>
          )}
        </div>
      )}
    </dialog>
  );
}
