/**
 * How a model's languages read to a person: language names rather than codes, `mul` (a multilingual
 * text tower whose configuration lists no languages) as "many languages", and none as "unknown".
 */
const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

export function describeLanguages(codes: readonly string[]): string {
  if (codes.length === 0) return 'unknown';
  return codes.map((code) => (code === 'mul' ? 'many languages' : (names.of(code) ?? code))).join(', ');
}
