/** The actions on one image that the selection bar and the preview both offer, in the same order. */
import { Icon } from '../../ui/Icon';
import { TRAY_FULL, useTrayFull } from '../references/referencesStore';
import { addToReferences, copyPath, moreLikeThis } from './actions';
import type { GridImage } from './gridImage';

export function HitActions({ hit }: { hit: GridImage }) {
  const trayFull = useTrayFull();
  return (
    <>
      <button type="button" className="button small" onClick={() => moreLikeThis(hit)}>
        <Icon name="similar" size={14} /> More like this
      </button>
      <button type="button" className="button small" onClick={() => void copyPath(hit.path)}>
        <Icon name="copy" size={14} /> Copy path
      </button>
      <button
        type="button"
        className="button small"
        disabled={trayFull}
        title={trayFull ? TRAY_FULL : undefined}
        onClick={() => addToReferences(hit)}
      >
        <Icon name="plus" size={14} /> Add to references
      </button>
    </>
  );
}
