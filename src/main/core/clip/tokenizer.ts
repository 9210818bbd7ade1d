/**
 * CLIP's byte-level BPE tokenizer, a faithful port of openai/CLIP's
 * `simple_tokenizer.py`. The text encoder was trained on exactly these ids, so any
 * divergence (a different split, a missed merge) silently degrades search quality
 * rather than failing: tests pin it against reference tokenizations.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { bytesToUnicode, cleanText, PRE_TOKENIZE } from './bpe';

const START = '<|startoftext|>';
const END = '<|endoftext|>';
/** The reference keeps only the first 49152 - 256 - 2 merges so that ids fit in 49408. */
const MERGE_COUNT = 49152 - 256 - 2;
/** Bounds memory in a long-running app; the reference cache is unbounded but only lives per process. */
const CACHE_LIMIT = 50_000;

/**
 * Cuts `ids` to `contextLength` the way the reference's `tokenize(truncate=True)` does:
 * the last kept id becomes the end-of-text token, because CLIP pools the text embedding
 * at the end-of-text position and would otherwise pool an arbitrary word. No padding.
 */
export function truncateToContext(ids: number[], contextLength: number, eot = 49407): number[] {
  if (ids.length <= contextLength) return ids.slice();
  const out = ids.slice(0, contextLength);
  out[contextLength - 1] = eot;
  return out;
}

/** CLIP BPE tokenizer; build it once per vocabulary with {@link ClipTokenizer.load}. */
export class ClipTokenizer {
  /** Id of `<|startoftext|>` (49406 for the standard vocabulary). */
  readonly sot: number;
  /** Id of `<|endoftext|>` (49407 for the standard vocabulary). */
  readonly eot: number;
  /** Number of ids in the vocabulary (49408 for the standard one). */
  readonly vocabSize: number;

  private readonly byteMap: string[];
  private readonly encoder = new Map<string, number>();
  /** Keyed by `first + ' '+ second`: mapped bytes never include a space, so keys cannot collide. */
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();
  private readonly utf8 = new TextEncoder();

  private constructor(merges: [string, string][]) {
    const { byByte, idOrder } = bytesToUnicode();
    this.byteMap = byByte;
    const vocab = [...idOrder, ...idOrder.map((c) => c + '</w>')];
    merges.forEach(([a, b], i) => {
      vocab.push(a + b);
      this.ranks.set(`${a} ${b}`, i);
    });
    vocab.push(START, END);
    vocab.forEach((tok, i) => this.encoder.set(tok, i));
    this.vocabSize = vocab.length;
    this.sot = this.encoder.get(START)!;
    this.eot = this.encoder.get(END)!;
  }

  /** Reads a gzipped vocabulary such as `bpe_simple_vocab_16e6.txt.gz`. */
  static async load(vocabPath: string): Promise<ClipTokenizer> {
    return ClipTokenizer.fromVocabText(gunzipSync(await readFile(vocabPath)).toString('utf8'));
  }

  /** Builds a tokenizer from the decompressed vocabulary text (header line, then one merge per line). */
  static fromVocabText(text: string): ClipTokenizer {
    const lines = text.split('\n').slice(1, MERGE_COUNT + 1);
    const merges = lines.map((line, i): [string, string] => {
      const parts = line.trim().split(/ +/);
      if (parts.length !== 2) throw new Error(`CLIP vocab: bad merge on line ${i + 2}: ${JSON.stringify(line)}`);
      return [parts[0]!, parts[1]!];
    });
    if (merges.length !== MERGE_COUNT) {
      throw new Error(`CLIP vocab: expected ${MERGE_COUNT} merges, found ${merges.length}`);
    }
    return new ClipTokenizer(merges);
  }

  /** Token ids for `text`, wrapped in start/end tokens and not truncated. */
  encode(text: string): number[] {
    const ids = [this.sot];
    for (const match of cleanText(text).matchAll(PRE_TOKENIZE)) {
      let mapped = '';
      for (const byte of this.utf8.encode(match[0])) mapped += this.byteMap[byte]!;
      for (const piece of this.bpe(mapped)) ids.push(this.encoder.get(piece)!);
    }
    ids.push(this.eot);
    return ids;
  }

  /** Greedy lowest-rank-first merging, exactly as the reference; the last symbol carries `</w>`. */
  private bpe(token: string): string[] {
    // Literal special tokens in the text map to their own ids, as the reference pre-seeds its cache.
    if (token === START || token === END) return [token];
    const cached = this.cache.get(token);
    if (cached) return cached;

    let word = [...token];
    word[word.length - 1] += '</w>';
    while (word.length > 1) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < word.length - 1; i++) {
        const rank = this.ranks.get(`${word[i]} ${word[i + 1]}`);
        if (rank !== undefined && rank < bestRank) [best, bestRank] = [i, rank];
      }
      if (best < 0) break;
      const first = word[best]!;
      const second = word[best + 1]!;
      // Merge every non-overlapping occurrence left to right, not just the first one found.
      const merged: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (word[i] === first && word[i + 1] === second && i < word.length - 1) {
          merged.push(first + second);
          i++;
        } else merged.push(word[i]!);
      }
      word = merged;
    }

    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(token, word);
    return word;
  }
}
