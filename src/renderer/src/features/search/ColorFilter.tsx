/**
 * The colour filter: a picker to add a colour, and a swatch for each colour
 * searched by (a click takes it off). Colours alone rank the results by how
 * much of them each image holds; beside a text they only filter.
 */
import { useState } from 'react';
import { useSearch } from './searchStore';

/** Searches allow this many colours at once. */
const MAX_COLORS = 8;

export function ColorFilter() {
  const colors = useSearch((s) => s.filters.colors);
  const filtersChanged = useSearch((s) => s.filtersChanged);
  const [picked, setPicked] = useState('#c8102e');

  return (
    <div className="filter color-filter" role="group" aria-label="Colours">
      <span>Colour</span>
      {colors.map((hex) => (
        <button
          key={hex}
          type="button"
          className="swatch"
          style={{ background: hex }}
          title={`${hex}: click to remove`}
          aria-label={`Remove colour ${hex}`}
          onClick={() => void filtersChanged({ colors: colors.filter((c) => c !== hex) })}
        />
      ))}
      <input
        type="color"
        className="color-picker"
        aria-label="Colour to search by"
        value={picked}
        onChange={(e) => setPicked(e.target.value)}
      />
      <button
        type="button"
        className="button small"
        aria-label="Add colour"
        title="Add the picked colour to the search"
        disabled={colors.includes(picked) || colors.length >= MAX_COLORS}
        onClick={() => void filtersChanged({ colors: [...colors, picked] })}
      >
        +
      </button>
    </div>
  );
}
