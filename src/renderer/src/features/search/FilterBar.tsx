/** A tag filter's value in its select: any tag, untagged, or one tag. */
const UNTAGGED = 'untagged';
const tagValue = (tag: string) => `tag:${tag}`;

/** Filters (folder, format, tag, rating, colours), the active model, and what the last search found. */
import { describeLanguages } from '../../../../shared/languages';
import { folderName, formatCount } from '../../lib/format';
import { useLibrary } from '../library/libraryStore';
import { useOrganize } from '../organize/organizeStore';
import { ColorFilter } from './ColorFilter';
import { useSearch } from './searchStore';
import './search.css';

const FORMATS = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif', 'bmp'];

function RunSummary() {
  const run = useSearch((s) => s.run);
  switch (run.kind) {
    case 'idle':
      return null;
    case 'uploading':
      return <span className="muted">Reading {run.name}…</span>;
    case 'searching':
      return <span className="muted">Searching…</span>;
    case 'done':
      return (
        <span className="muted tabular">
          {formatCount(run.results.length)} {run.results.length === 1 ? 'result' : 'results'} ·{' '}
          {Math.max(1, Math.round(run.tookMs))} ms
        </span>
      );
    case 'failed':
      return (
        <span className="error" role="alert">
          {run.message}
        </span>
      );
  }
}

export function FilterBar() {
  const filters = useSearch((s) => s.filters);
  const filtersChanged = useSearch((s) => s.filtersChanged);
  const status = useLibrary((s) => s.status);
  const folders = status.kind === 'ready' ? status.status.folders : [];
  const model = status.kind === 'ready' ? status.status.model : null;
  const languages = status.kind === 'ready' ? status.status.modelLanguages : [];
  const dataDir = status.kind === 'ready' ? status.status.dataDir : null;
  const tags = useOrganize((s) => s.suggestions);
  const tagFilter = filters.untagged ? UNTAGGED : filters.tag ? tagValue(filters.tag) : '';

  return (
    <div className="filter-bar">
      <label className="filter">
        <span>Folder</span>
        <select
          className="select"
          value={filters.folder ?? ''}
          onChange={(e) => void filtersChanged({ folder: e.target.value || null })}
        >
          <option value="">All folders</option>
          {filters.folder && !folders.some((f) => f.path === filters.folder) && (
            <option value={filters.folder}>{folderName(filters.folder, dataDir)}</option>
          )}
          {folders.map((f) => (
            <option key={f.path} value={f.path}>
              {folderName(f.path, dataDir)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Format</span>
        <select
          className="select"
          value={filters.format ?? ''}
          onChange={(e) => void filtersChanged({ format: e.target.value || null })}
        >
          <option value="">Any format</option>
          {FORMATS.map((f) => (
            <option key={f} value={f}>
              {f.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Tag</span>
        <select
          className="select"
          value={tagFilter}
          onFocus={() => void useOrganize.getState().suggestionsWanted()}
          onChange={(e) => {
            const value = e.target.value;
            void filtersChanged({
              untagged: value === UNTAGGED,
              tag: value.startsWith('tag:') ? value.slice('tag:'.length) : null,
            });
          }}
        >
          <option value="">Any tag</option>
          <option value={UNTAGGED}>Untagged</option>
          {filters.tag && !tags.some((t) => t.tag === filters.tag) && (
            <option value={tagValue(filters.tag)}>{filters.tag}</option>
          )}
          {tags.map((t) => (
            <option key={t.tag} value={tagValue(t.tag)}>
              {t.tag} ({t.count})
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Rating</span>
        <select
          className="select"
          value={String(filters.minRating)}
          onChange={(e) => void filtersChanged({ minRating: Number(e.target.value) })}
        >
          <option value="0">Any rating</option>
          {[1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={String(n)}>
              {'★'.repeat(n)} or more
            </option>
          ))}
        </select>
      </label>
      <ColorFilter />
      <div className="filter-summary" aria-live="polite">
        <RunSummary />
      </div>
      <span className="model-pill" title="The model searches run with, and the languages a query may be written in">
        Model <strong>{model ?? 'none'}</strong>
        {model && <span className="model-languages"> · {describeLanguages(languages)}</span>}
      </span>
    </div>
  );
}
