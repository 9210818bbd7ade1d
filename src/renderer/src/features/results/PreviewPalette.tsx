/** The previewed image's main colours, each a swatch that searches by it. */
import { useEffect, useState } from 'react';
import type { PaletteColor } from '../../../../shared/types';
import { api } from '../../api/client';
import { useSearch } from '../search/searchStore';

export function PreviewPalette({ path, onPick }: { path: string; onPick: () => void }) {
  const [palette, setPalette] = useState<PaletteColor[] | null>(null);
  const swatchPicked = useSearch((s) => s.swatchPicked);

  useEffect(() => {
    let current = true;
    setPalette(null);
    // No palette yet (still being made) or none to read: the row stays hidden.
    api.search
      .palette({ path })
      .then((colors) => current && setPalette(colors))
      .catch(() => current && setPalette(null));
    return () => {
      current = false;
    };
  }, [path]);

  if (!palette?.length) return null;
  return (
    <div className="preview-palette" role="group" aria-label="Palette">
      {palette.map((c) => (
        <button
          key={c.hex}
          type="button"
          className="swatch"
          style={{ background: c.hex, flexGrow: c.share }}
          title={`${c.hex} · ${Math.round(c.share * 100)}%`}
          aria-label={`Search by colour ${c.hex} (${Math.round(c.share * 100)}%)`}
          onClick={() => {
            onPick();
            void swatchPicked(c.hex);
          }}
        />
      ))}
    </div>
  );
}
