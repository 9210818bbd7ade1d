/**
 * Auto-tags as a dialog: those defined (with their description, threshold and
 * count, each removable in one step), and a form to define one. The draft's
 * matches show live as the threshold moves, so the user sees what it would tag
 * before saving; the results selected when the dialog opened are its examples.
 */
import { thumbnailUrl } from '../../api/client';
import { fileName, plural } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { useModalDialog } from '../../ui/useModalDialog';
import { useAutoTags } from './autoTagsStore';
import './autotags.css';

function DraftMatches() {
  const preview = useAutoTags((s) => s.preview);
  const shown = preview.kind === 'ready' ? preview.preview : preview.kind === 'loading' ? preview.last : null;
  if (preview.kind === 'failed') {
    return (
      <p className="error small-text" role="alert">
        {preview.message}
      </p>
    );
  }
  if (!shown) return null;
  return (
    <div className="autotag-matches">
      <p className="small-text" role="status">
        {plural(shown.count, 'image matches', 'images match')}
        {preview.kind === 'loading' ? '…' : ''}
      </p>
      <ul aria-label="Matches">
        {shown.matches.map((m) => (
          <li key={m.path} aria-label={fileName(m.path)} title={`${fileName(m.path)} · ${m.score.toFixed(3)}`}>
            <img src={thumbnailUrl(m.path)} alt="" loading="lazy" />
            <span className="tabular small-text muted">{m.score.toFixed(2)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AutoTagsDialog() {
  const open = useAutoTags((s) => s.open);
  const list = useAutoTags((s) => s.list);
  const draft = useAutoTags((s) => s.draft);
  const error = useAutoTags((s) => s.error);
  const { dialogClosed, draftChanged, draftSaved, autoTagRemoved } = useAutoTags.getState();
  const dialog = useModalDialog(open);

  return (
    <dialog ref={dialog} className="autotags" aria-labelledby="autotags-title" onClose={dialogClosed}>
      <header className="gallery-head">
        <h2 id="autotags-title" className="panel-title">
          Auto-tags
        </h2>
        <button type="button" className="icon-button" aria-label="Close auto-tags" onClick={dialogClosed}>
          <Icon name="close" />
        </button>
      </header>
      <div className="autotags-body">
        {list.length > 0 ? (
          <ul className="autotag-list" aria-label="Defined auto-tags">
            {list.map((t) => (
              <li key={t.tag} aria-label={t.tag}>
                <span className="autotag-name">{t.tag}</span>
                <span className="muted small-text ellipsis">
                  “{t.prompt}”{t.examples.length > 0 ? ` + ${plural(t.examples.length, 'example', 'examples')}` : ''} ·
                  at least {t.threshold.toFixed(2)} · {plural(t.count, 'image', 'images')}
                </span>
                <button
                  type="button"
                  className="button small"
                  aria-label={`Remove auto-tag ${t.tag}`}
                  title="Take this tag off every image it was put on; tags you gave stay"
                  onClick={() => void autoTagRemoved(t.tag)}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted small-text">
            No auto-tags yet. Nothing is tagged automatically until you define a tag here.
          </p>
        )}
        <form
          className="autotag-form"
          aria-label="Define an auto-tag"
          onSubmit={(e) => {
            e.preventDefault();
            void draftSaved();
          }}
        >
          <label className="field">
            <span className="field-label">Tag</span>
            <input
              className="input"
              value={draft.tag}
              placeholder="night scene"
              onChange={(e) => void draftChanged({ tag: e.target.value })}
            />
          </label>
          <label className="field">
            <span className="field-label">Description</span>
            <input
              className="input"
              value={draft.prompt}
              placeholder="a city street at night"
              onChange={(e) => void draftChanged({ prompt: e.target.value })}
            />
          </label>
          {draft.examples.length > 0 && (
            <p className="small-text">
              With {plural(draft.examples.length, 'example', 'examples')}: {draft.examples.map(fileName).join(', ')}{' '}
              <button type="button" className="link-button" onClick={() => void draftChanged({ examples: [] })}>
                drop them
              </button>
            </p>
          )}
          <label className="field autotag-threshold">
            <span className="field-label">
              Similarity at least <span className="tabular">{draft.threshold.toFixed(2)}</span>
            </span>
            <input
              type="range"
              min={0.05}
              max={1}
              step={0.01}
              value={draft.threshold}
              aria-label="Threshold"
              onChange={(e) => void draftChanged({ threshold: Number(e.target.value) })}
            />
          </label>
          <DraftMatches />
          {error && (
            <p className="error small-text" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button" disabled={!draft.tag.trim() || !draft.prompt.trim()}>
            Save and tag the library
          </button>
        </form>
      </div>
    </dialog>
  );
}
