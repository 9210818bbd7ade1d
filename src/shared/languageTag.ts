/** A language tag as browsers and locales write it: `ja`, `zh-CN`, `pt_BR`, `sr-Cyrl`. */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$/i;

/** The longest tag taken. */
const MAX_LANGUAGE_TAG = 35;

export function isLanguageTag(tag: string): boolean {
  return tag.length <= MAX_LANGUAGE_TAG && LANGUAGE_TAG.test(tag);
}
