/** A video result's badges on its tile: how long the video is, and when the frame shown (the best match) is. */
import { clockTime } from '../../lib/format';
import type { GridImage } from './gridImage';

export function VideoBadges({ hit }: { hit: GridImage }) {
  if (hit.duration === undefined) return null;
  return (
    <>
      <span className="tile-badge tile-duration tabular" aria-label={`Video, ${clockTime(hit.duration)} long`}>
        {clockTime(hit.duration)}
      </span>
      {hit.time !== undefined && (
        <span className="tile-badge tile-time tabular" aria-label={`Best match at ${clockTime(hit.time)}`}>
          @{clockTime(hit.time)}
        </span>
      )}
    </>
  );
}
