/**
 * The one search box. Text searches on Enter; an image dropped on it, pasted,
 * or picked with the image button searches by example (combined with the text).
 * Ctrl/⌘+K, or `/` outside a text field, focuses it; Escape in it clears the
 * query; Backspace in it when empty lets go of the example image.
 */
import { type DragEvent, type FormEvent, type KeyboardEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { DRAG_RESULT, hasType } from '../../lib/dragTypes';
import { firstImage } from '../../lib/readFile';
import { typingInto } from '../../lib/typingInto';
import { Icon } from '../../ui/Icon';
import { ExampleChip } from './ExampleChip';
import { useSearch } from './searchStore';
import './search.css';

const mac = /Mac|iPhone|iPad/.test(navigator.platform);

/** Ctrl/⌘+K anywhere, or `/` where it would not be typed, focuses the search box. */
function useFocusKeys(input: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const commandK = (mac ? event.metaKey : event.ctrlKey) && !event.altKey && event.key.toLowerCase() === 'k';
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !typingInto(event.target);
      if (!commandK && !slash) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [input]);
}

export function SearchBar() {
  const text = useSearch((s) => s.text);
  const example = useSearch((s) => s.example);
  const { textChanged, searchSubmitted, exampleDropped, exampleCleared } = useSearch.getState();
  const picker = useRef<HTMLInputElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useFocusKeys(input);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape' && text !== '') {
      event.preventDefault();
      textChanged('');
      void searchSubmitted();
    } else if (event.key === 'Backspace' && text === '' && example) {
      event.preventDefault();
      void exampleCleared();
    }
  };
  const [dragging, setDragging] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void searchSubmitted();
  };
  const drop = (event: DragEvent) => {
    setDragging(false);
    // A result searches by its image; left to the input, it would be pasted as its path.
    const result = event.dataTransfer.getData(DRAG_RESULT);
    if (result) {
      event.preventDefault();
      void useSearch.getState().moreLikeThisRequested({ path: result });
      return;
    }
    const image = firstImage(event.dataTransfer.files);
    const files = Array.from(event.dataTransfer.files);
    if (!image && files.length === 0) return;
    event.preventDefault();
    if (image) void exampleDropped(image);
    else useSearch.getState().nonImageDropped(files.map((f) => f.name));
  };

  return (
    <form
      role="search"
      aria-label="Search the library"
      className={`search-bar${dragging ? ' dragging' : ''}`}
      onSubmit={submit}
      onDragOver={(e) => {
        if (hasType(e, 'Files') || hasType(e, DRAG_RESULT)) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <Icon name="search" />
      {example && <ExampleChip example={example} />}
      <input
        ref={input}
        className="search-input"
        type="search"
        aria-label="Search"
        placeholder={
          example ? 'Add words to steer the example…' : 'Describe an image, or drop one here   (“red cape - hood”)'
        }
        value={text}
        onChange={(e) => textChanged(e.target.value)}
        onKeyDown={onKeyDown}
        onPaste={(e) => {
          const image = firstImage(e.clipboardData.files);
          if (image) {
            e.preventDefault();
            void exampleDropped(image);
          }
        }}
        spellCheck={false}
        autoComplete="off"
      />
      <button
        type="button"
        className="icon-button"
        aria-label="Search by an image file"
        title="Search by an image file (or drop or paste one)"
        onClick={() => picker.current?.click()}
      >
        <Icon name="image" />
      </button>
      <input
        ref={picker}
        type="file"
        accept="image/*,video/*"
        hidden
        aria-label="Image to search by"
        onChange={(e) => {
          const image = firstImage(e.target.files);
          e.target.value = '';
          if (image) void exampleDropped(image);
        }}
      />
    </form>
  );
}
