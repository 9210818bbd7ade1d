/** Full screen for one element, and whether it is (the browser may leave it by itself, on Escape). */
import { type RefObject, useCallback, useEffect, useState } from 'react';

export function useFullscreen(target: RefObject<HTMLElement | null>) {
  const [fullscreen, setFullscreen] = useState(false);

  useEffect(() => {
    const changed = () =>
      setFullscreen(document.fullscreenElement !== null && document.fullscreenElement === target.current);
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, [target]);

  const toggleFullscreen = useCallback(async () => {
    if (document.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
    else await target.current?.requestFullscreen().catch(() => undefined);
  }, [target]);

  return { fullscreen, toggleFullscreen };
}
