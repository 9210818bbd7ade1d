/**
 * The active result's tags, rating and note, editable: type a tag and press
 * Enter (the tags in use are offered as you type), click a star or press 0–5
 * on the results, and the note is kept when the field loses focus.
 */
import { useEffect, useState } from 'react';
import type { TagSource } from '../../../../shared/organize';
import { Icon } from '../../ui/Icon';
import { TAG_FIELD_ID, useOrganize } from './organizeStore';
import { StarRating } from './StarRating';
import './organize.css';

/** How each source reads after the tag's name, and what hovering it explains. */
const SOURCE_NOTE: Record<TagSource, string> = { user: '', file: ' (from the file)', auto: ' (auto-tag)' };
const SOURCE_TITLE: Record<TagSource, string> = {
  user: 'A tag you gave',
  file: "Read from the file's keywords (XMP or IPTC); a tag you give of the same name is kept apart",
  auto: 'Put here by an auto-tag (see Auto-tags); tags you give stay when it is removed',
};

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
      {marks?.ratingSource === 'file' && (
        <span
          className="tag-source"
          title="This rating was read from the file's metadata; a rating you give replaces it"
        >
          from file
        </span>
      )}
      <ul className="tag-list" aria-label="Tags">
        {marks?.tags.map((t) => (
          <li
            key={`${t.tag}-${t.source}`}
            className={`tag-chip source-${t.source}`}
            aria-label={`${t.tag}${SOURCE_NOTE[t.source]}`}
            title={SOURCE_TITLE[t.source]}
          >
            <span>{t.tag}</span>
            {t.source !== 'user' && <span className="tag-source">{t.source}</span>}
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
        title={
          marks?.noteSource === 'file'
            ? "Read from the file's title or description; what you type replaces it"
            : undefined
        }
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
