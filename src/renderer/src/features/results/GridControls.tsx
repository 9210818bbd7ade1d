/** The grid's thumbnail size (also Ctrl + wheel and Ctrl +/-) and its layout: justified rows or square tiles. */
import { type GridMode, MAX_SIZE, MIN_SIZE, SIZE_STEP, useGridView } from './gridView';
import './results.css';

export function GridControls() {
  const mode = useGridView((s) => s.mode);
  const size = useGridView((s) => s.size);
  const { modeChosen, sizeChosen } = useGridView.getState();
  return (
    <div className="grid-controls">
      <label className="filter" title="Thumbnail size (Ctrl + wheel, Ctrl +/-)">
        <span className="visually-hidden">Thumbnail size</span>
        <input
          type="range"
          className="size-slider"
          min={MIN_SIZE}
          max={MAX_SIZE}
          step={SIZE_STEP}
          value={size}
          onChange={(e) => sizeChosen(Number(e.target.value))}
        />
      </label>
      <label className="filter">
        <span className="visually-hidden">Layout</span>
        <select className="select" value={mode} onChange={(e) => modeChosen(e.target.value as GridMode)}>
          <option value="justified">Justified</option>
          <option value="square">Square</option>
        </select>
      </label>
    </div>
  );
}
