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

/** The snippet from a word or so before the first word found, so a narrow tile still shows that word. */
function leading(text: string, found: string[], lead: number): string {
  const lower = text.toLocaleLowerCase();
  const at = Math.min(...found.map((w) => lower.indexOf(w.toLocaleLowerCase())).filter((i) => i >= 0));
  if (!Number.isFinite(at) || at <= lead) return text;
  const space = text.indexOf(' ', at - lead);
  return `…${text.slice(space >= 0 && space < at ? space + 1 : at - lead)}`;
}

interface MatchSnippetProps {
  matches: SearchMatches | undefined;
  className: string;
  /** At most this many characters before the first word found (default: all). */
  lead?: number;
}

export function MatchSnippet({ matches, className, lead }: MatchSnippetProps) {
  if (!matches) return null;
  const found = matches.found ?? [];
  const full = matches.text ?? matches.prompt ?? matches.note;
  const snippet = full && lead !== undefined ? leading(full.replace(/\s+/g, ' '), found, lead) : full;
  if (!snippet) {
    const places = matchedPlaces(matches);
    return places.length ? <span className={className}>Matched: {places.join(', ')}</span> : null;
  }
  return (
    <span className={className}>
      {marked(snippet.replace(/\s+/g, ' '), found).map(({ part, hit }, i) =>
        hit ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>,
      )}
    </span>
  );
}
