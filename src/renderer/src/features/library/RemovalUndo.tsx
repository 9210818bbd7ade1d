/** While a removed folder can still be brought back: what left, and Undo. */
import { fileName, plural } from '../../lib/format';
import { useLibrary } from './libraryStore';
import './library.css';

export function RemovalUndo({ folder, files }: { folder: string; files: number }) {
  const removalUndone = useLibrary((s) => s.removalUndone);
  return (
    <div className="removal-undo" role="status">
      <span className="small-text">
        {fileName(folder)} removed ({plural(files, 'image', 'images')})
      </span>
      <button type="button" className="button small" onClick={removalUndone}>
        Undo
      </button>
    </div>
  );
}
