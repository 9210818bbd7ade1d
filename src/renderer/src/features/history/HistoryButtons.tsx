/**
 * Back and forward through searches and folders: these buttons, Alt+Left/Right
 * (⌘[ and ⌘] on a Mac, where ⌥← moves by word), and the mouse's back and
 * forward buttons.
 */
import { useEffect } from 'react';
import { Icon } from '../../ui/Icon';
import { useHistory } from './historyStore';

const mac = /Mac|iPhone|iPad/.test(navigator.platform);
/** The mouse's back and forward buttons, as MouseEvent.button numbers them. */
const MOUSE_BACK = 3;
const MOUSE_FORWARD = 4;

function direction(event: KeyboardEvent): -1 | 1 | 0 {
  if (mac && event.metaKey && !event.altKey) return event.key === '[' ? -1 : event.key === ']' ? 1 : 0;
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return 0;
  return event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
}

function go(step: -1 | 1): void {
  const { backRequested, forwardRequested } = useHistory.getState();
  if (step < 0) backRequested();
  else forwardRequested();
}

export function HistoryButtons() {
  const canBack = useHistory((s) => s.at > 0);
  const canForward = useHistory((s) => s.at < s.places.length - 1);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const step = direction(event);
      if (step === 0) return;
      event.preventDefault();
      go(step);
    };
    // Prevented on both, so the browser does not leave the page for its own history.
    const onMouse = (event: MouseEvent) => {
      if (event.button !== MOUSE_BACK && event.button !== MOUSE_FORWARD) return;
      event.preventDefault();
      if (event.type === 'mouseup') go(event.button === MOUSE_BACK ? -1 : 1);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onMouse);
    window.addEventListener('mouseup', onMouse);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onMouse);
      window.removeEventListener('mouseup', onMouse);
    };
  }, []);

  return (
    <div className="history-buttons">
      <button
        type="button"
        className="icon-button"
        aria-label="Back"
        title={mac ? 'Back (⌘[)' : 'Back (Alt+Left)'}
        disabled={!canBack}
        onClick={() => go(-1)}
      >
        <Icon name="back" size={16} />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Forward"
        title={mac ? 'Forward (⌘])' : 'Forward (Alt+Right)'}
        disabled={!canForward}
        onClick={() => go(1)}
      >
        <Icon name="forward" size={16} />
      </button>
    </div>
  );
}
