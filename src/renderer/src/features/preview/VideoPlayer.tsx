/**
 * The preview of a video result: the video plays from the time the search found
 * (read in byte ranges, so it starts there without loading what comes before),
 * with the other matching frames as markers on a timeline under it; a marker
 * seeks to its frame.
 */
import { useRef } from 'react';
import { mediaUrl } from '../../api/client';
import { clockTime, fileName } from '../../lib/format';
import type { GridImage } from '../results/gridImage';

export function VideoPlayer({ image }: { image: GridImage }) {
  const video = useRef<HTMLVideoElement>(null);
  const duration = image.duration ?? 0;
  const start = image.time ?? 0;
  const seek = (t: number) => {
    if (video.current) video.current.currentTime = t;
  };
  return (
    <div className="video-player">
      <video
        ref={video}
        key={image.path}
        src={`${mediaUrl(image.path)}#t=${start}`}
        controls
        preload="metadata"
        aria-label={`Video ${fileName(image.path)}`}
        onLoadedMetadata={() => seek(start)}
      />
      {duration > 0 && (image.times?.length ?? 0) > 0 && (
        <div className="video-markers" role="group" aria-label="Matching frames">
          {image.times!.map((t) => (
            <button
              key={t}
              type="button"
              className={`video-marker${t === start ? ' best' : ''}`}
              style={{ left: `${Math.min(100, (t / duration) * 100)}%` }}
              aria-label={`Play from ${clockTime(t)}`}
              title={clockTime(t)}
              onClick={() => seek(t)}
            />
          ))}
        </div>
      )}
    </div>
  );
}
