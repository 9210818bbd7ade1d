/**
 * The active result's tags, rating and note, editable: type a tag and press
 * Enter (the tags in use are offered as you type), click a star or press 0–5
 * on the results, and the note is kept when the field loses focus.
 */
import { useEffect, useState } from 'react';
import { Icon } from '../../ui/Icon';
import { TAG_FIELD_ID, useOrganize } from './organizeStore';
import { StarRating } from './StarRating';
import './organize.css';

export function MarksBar({ path }: { path: string }) {
  const view = useOrganize((s) => s.view);
  const suggestions = useOrganize((s) => s.suggestions);
  const error = useOrganize((s) => s.error);
  const { imageShown, tagAdded, tagRemoved, ratingChosen, noteEdited, suggestionsWanted } = useOrganize.getState();
  const [draft, setDraft] = useState('');
  const marks = view.kind === 'ready' && view.path === path ? view.marks : null;
  const [note, setNote] = useState('');

  useEffect(() => {
    void imageShown(path);
    void suggestionsWanted();
  }, [path, imageShown, suggestionsWanted]);
  useEffect(() => setNote(marks?.note ?? ''), [marks?.note]);

  if (view.kind === 'absent' && view.path === path) return null;
  const own = new Set(marks?.tags.map((t) => t.tag.toLowerCase()));

  return (
    <section className="marks-bar" aria-label="Tags, rating and note">
      <StarRating rating={marks?.rating ?? 0} onChoose={(r) => void ratingChosen(path, r)} />
      <ul className="tag-list" aria-label="Tags">
        {marks?.tags.map((t) => (
          <li key={`${t.tag}-${t.source}`} className="tag-chip">
            <span>{t.tag}</span>
            {t.source === 'user' && (
              <button
                type="button"
                className="icon-button quiet"
                aria-label={`Remove tag ${t.tag}`}
                onClick={() => void tagRemoved(path, t.tag)}
              >
                <Icon name="close" size={12} />
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="tag-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!draft.trim()) return;
          void tagAdded(path, draft).then((ok) => ok && setDraft(''));
        }}
      >
        <input
          id={TAG_FIELD_ID}
          className="input tag-input"
          aria-label="Add tag"
          placeholder="Add tag (T)"
          list="organize-tag-suggestions"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') document.querySelector<HTMLElement>('[aria-label="Results"]')?.focus();
          }}
        />
        <datalist id="organize-tag-suggestions">
          {suggestions
            .filter((s) => !own.has(s.tag.toLowerCase()))
            .map((s) => (
              <option key={s.tag} value={s.tag} />
            ))}
        </datalist>
      </form>
      <input
        className="input note-input"
        aria-label="Note"
        placeholder="Note"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        onBlur={() => {
          if (marks && note.trim() !== (marks.note ?? '')) void noteEdited(path, note);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
      />
      {error && (
        <span className="error ellipsis" role="alert">
          {error}
        </span>
      )}
    </section>
  );
}
