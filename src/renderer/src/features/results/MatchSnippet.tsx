/**
 * Why a hit matched a text query, in a line: the snippet of the text read in
 * the image (else of its prompt or note) with the words found marked, or where
 * the words were (name, folder, tag).
 */
import type { SearchMatches } from '../../../../shared/types';

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The snippet split so that every word found is its own part, compared as the index compares: ignoring case. */
function marked(text: string, found: string[]): Array<{ part: string; hit: boolean }> {
  const words = found.filter((w) => w.trim());
  if (!words.length) return [{ part: text, hit: false }];
  const pattern = new RegExp(`(${words.map(escape).join('|')})`, 'giu');
  const lower = new Set(words.map((w) => w.toLocaleLowerCase()));
  return text
    .split(pattern)
    .filter(Boolean)
    .map((part) => ({ part, hit: lower.has(part.toLocaleLowerCase()) }));
}

export function matchedPlaces(m: SearchMatches): string[] {
  const places: Array<[unknown, string]> = [
    [m.text, 'text in image'],
    [m.name, 'name'],
    [m.folder, 'folder'],
    [m.prompt, 'prompt'],
    [m.tag, 'tag'],
    [m.note, 'note'],
  ];
  return places.filter(([hit]) => hit).map(([, label]) => label);
}

export function MatchSnippet({ matches, className }: { matches: SearchMatches | undefined; className: string }) {
  if (!matches) return null;
  const snippet = matches.text ?? matches.prompt ?? matches.note;
  if (!snippet) {
    const places = matchedPlaces(matches);
    return places.length ? <span className={className}>Matched: {places.join(', ')}</span> : null;
  }
  return (
    <span className={className}>
      {marked(snippet.replace(/\s+/g, ' '), matches.found ?? []).map(({ part, hit }, i) =>
        hit ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>,
      )}
    </span>
  );
}
