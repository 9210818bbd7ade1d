/**
 * A query's language as the FLORES-200 code that NLLB text towers read before the text
 * (NLLB-SigLIP models were trained with it there). The table is Immich's `WEBLATE_TO_FLORES200`
 * (immich_ml/models/constants.py) and the lookup its `OpenClipTextualEncoder.tokenize`: the tag,
 * else its language without the region, else English. Where this differs from Immich: Japanese and
 * Latvian are written as NLLB's tokenizer has them (`jpn_Jpan`, `lvs_Latn`; Immich's `jpn_Hira` and
 * `lav_Latn` are no token of it, so the model reads them as stray letters); a bare `zh`, `zh-Hant`,
 * `zh-HK` and `nb` have their own codes instead of falling back to English; a longer tag drops one
 * subtag at a time (`zh-Hant-TW`, then `zh-Hant`), not all at once. Case and `_` for `-` are
 * forgiven, so that a POSIX locale (`zh_CN`) serves as well as a browser's.
 * Keep equal to FLORES in tests/models/fixtures/make_fixtures.py.
 */
const TABLE: Record<string, string> = {
  af: 'afr_Latn',
  ar: 'arb_Arab',
  az: 'azj_Latn',
  be: 'bel_Cyrl',
  bg: 'bul_Cyrl',
  ca: 'cat_Latn',
  cs: 'ces_Latn',
  da: 'dan_Latn',
  de: 'deu_Latn',
  el: 'ell_Grek',
  en: 'eng_Latn',
  es: 'spa_Latn',
  et: 'est_Latn',
  fa: 'pes_Arab',
  fi: 'fin_Latn',
  fr: 'fra_Latn',
  he: 'heb_Hebr',
  hi: 'hin_Deva',
  hr: 'hrv_Latn',
  hu: 'hun_Latn',
  hy: 'hye_Armn',
  id: 'ind_Latn',
  it: 'ita_Latn',
  ja: 'jpn_Jpan',
  kmr: 'kmr_Latn',
  ko: 'kor_Hang',
  lb: 'ltz_Latn',
  lt: 'lit_Latn',
  lv: 'lvs_Latn',
  mfa: 'zsm_Latn',
  mk: 'mkd_Cyrl',
  mn: 'khk_Cyrl',
  mr: 'mar_Deva',
  ms: 'zsm_Latn',
  nb: 'nob_Latn',
  'nb-no': 'nob_Latn',
  nn: 'nno_Latn',
  nl: 'nld_Latn',
  pl: 'pol_Latn',
  'pt-br': 'por_Latn',
  pt: 'por_Latn',
  ro: 'ron_Latn',
  ru: 'rus_Cyrl',
  sk: 'slk_Latn',
  sl: 'slv_Latn',
  'sr-cyrl': 'srp_Cyrl',
  sv: 'swe_Latn',
  ta: 'tam_Taml',
  te: 'tel_Telu',
  th: 'tha_Thai',
  tr: 'tur_Latn',
  uk: 'ukr_Cyrl',
  ur: 'urd_Arab',
  vi: 'vie_Latn',
  zh: 'zho_Hans',
  'zh-cn': 'zho_Hans',
  'zh-hans': 'zho_Hans',
  'zh-tw': 'zho_Hant',
  'zh-hant': 'zho_Hant',
  'zh-hk': 'zho_Hant',
  'zh-mo': 'zho_Hant',
};

const ENGLISH = 'eng_Latn';

/** The FLORES-200 code for a language tag (`zh-CN`, `ja`, `pt_BR`); English for one not known. */
export function floresCode(language: string): string {
  const subtags = language.trim().replaceAll('_', '-').toLowerCase().split('-');
  for (let n = subtags.length; n > 0; n--) {
    const code = TABLE[subtags.slice(0, n).join('-')];
    if (code) return code;
  }
  return ENGLISH;
}
