/**
 * Parses a search box's text into weighted terms: `red cape - hood` keeps
 * images of red capes and steers away from hoods; `"red cape" -hood +gold`
 * does the same with a quoted phrase and prefix signs. Words between
 * operators form one phrase, so a plain description stays one query.
 */
export interface QueryTerm {
  text: string;
  sign: 1 | -1;
}

export function parseQueryText(input: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  let words: string[] = [];
  let sign: 1 | -1 = 1;
  const flush = () => {
    if (words.length) terms.push({ text: words.join(' '), sign });
    words = [];
    sign = 1;
  };
  for (const match of input.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const quoted = match[1];
    const word = match[2];
    if (quoted !== undefined) {
      const currentSign = words.length ? 1 : sign;
      flush();
      if (quoted.trim()) terms.push({ text: quoted.trim(), sign: currentSign });
      sign = 1;
    } else if (word === '-' || word === '+') {
      flush();
      sign = word === '-' ? -1 : 1;
    } else if (word && /^[-+]\S/.test(word) && !/^[-+]\d/.test(word)) {
      flush();
      terms.push({ text: word.slice(1), sign: word.startsWith('-') ? -1 : 1 });
    } else if (word) {
      words.push(word);
    }
  }
  flush();
  return terms;
}
