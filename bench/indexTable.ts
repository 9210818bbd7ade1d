/**
 * The human side of `bench:index`: throughput of each pipeline, the ratios
 * against both baselines, where the time went, the text queries answered
 * meanwhile, and a check that the pipelines computed the same vectors.
 */
import { availableParallelism } from 'node:os';
import { cosine } from '../src/main/core/vectors/embedded/scoring';
import type { AtelierResult, EncoderResult, ReferenceResult, RunResult } from './indexCases';

export interface IndexRun {
  atelier: AtelierResult;
  before: EncoderResult;
  after: EncoderResult;
  reference: ReferenceResult;
  bytes: number;
  megapixels: number;
  loadBefore: string;
  loadAfter: string;
  /** The vision session's intra-op threads, when --threads set them. */
  threads?: number;
}

/** The `--json` object. */
export interface IndexSummary {
  images: number;
  atelier_images_per_s: number;
  reference_images_per_s: number;
  encoder_only_images_per_s: number;
  ratio_vs_reference: number;
  ratio_vs_encoder_only: number;
  peak_rss_mb: number;
  provider: string;
  vision_threads: number;
}

const rate = (r: { images: number; seconds: number }) => r.images / r.seconds;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

export function printIndexTable(run: IndexRun, say: (line: string) => void): IndexSummary {
  const { atelier, before, after, reference } = run;
  const encoderRate = (rate(before) + rate(after)) / 2;
  const rows: Array<[string, number, number, number, number]> = [
    ['Atelier (scan, hash, decode, encode, write)', rate(atelier), atelier.seconds, atelier.cpu_s, atelier.peak_rss_mb],
    ['  of which the embedding phase', atelier.embedded / atelier.embed_seconds, atelier.embed_seconds, NaN, NaN],
    [`encoder alone, batch ${before.batch} (before)`, rate(before), before.seconds, before.cpu_s, before.peak_rss_mb],
    [`encoder alone, batch ${after.batch} (after)`, rate(after), after.seconds, after.cpu_s, after.peak_rss_mb],
    [
      `reference: PyTorch + PIL, 1 at a time (${reference.torch_threads} threads, ${reference.blas})`,
      rate(reference),
      reference.seconds,
      reference.cpu_s,
      reference.peak_rss_mb,
    ],
  ];
  const cell = (x: number, digits: number) => (Number.isNaN(x) ? '' : x.toFixed(digits));
  say('');
  say(
    `${atelier.images} images (${run.megapixels.toFixed(0)} MP, ${(run.bytes / 1e6).toFixed(0)} MB; JPEG and PNG, ` +
      `160x120 to 4032x3024) on ${atelier.provider} (${atelier.precision}), batch ${atelier.batch}, ` +
      `vision threads ${run.threads ?? `${availableParallelism()} (one per core)`}`,
  );
  say(`load average before: ${run.loadBefore}; after: ${run.loadAfter}`);
  say('');
  say(
    `${'pipeline'.padEnd(58)}${'images/s'.padStart(10)}${'s'.padStart(9)}${'CPU s'.padStart(9)}${'cores'.padStart(7)}${'peak RSS MB'.padStart(13)}`,
  );
  for (const [name, r, s, cpu, rss] of rows) {
    say(
      `${name.padEnd(58)}${r.toFixed(2).padStart(10)}${s.toFixed(1).padStart(9)}${cell(cpu, 1).padStart(9)}` +
        `${cell(cpu / s, 2).padStart(7)}${cell(rss, 0).padStart(13)}`,
    );
  }
  const vsReference = rate(atelier) / rate(reference);
  const vsEncoder = rate(atelier) / encoderRate;
  say('');
  say(`Atelier ÷ reference:    ${vsReference.toFixed(2)}x   (target >= 3)`);
  say(
    `Atelier ÷ encoder-only: ${vsEncoder.toFixed(2)}    (target >= 0.85; encoder alone averaged: ${encoderRate.toFixed(2)} images/s)`,
  );
  // On a shared machine the scheduler gives a many-threaded pipeline a larger share of the cores than
  // a two-threaded encoder: images per CPU-second is the check that does not depend on that share.
  const perCpu = (r: RunResult) => r.images / r.cpu_s;
  const encoderPerCpu = (before.images + after.images) / (before.cpu_s + after.cpu_s);
  say(
    `Per CPU-second: Atelier ÷ reference ${(perCpu(atelier) / perCpu(reference)).toFixed(2)}x, ` +
      `Atelier ÷ encoder-only ${(perCpu(atelier) / encoderPerCpu).toFixed(2)} ` +
      `(${perCpu(atelier).toFixed(2)}, ${perCpu(reference).toFixed(2)} and ${encoderPerCpu.toFixed(2)} images per CPU-second)`,
  );
  const st = atelier.stage_ms;
  say(
    `Per image: decode+preprocess ${st.decode.toFixed(1)} ms (summed over concurrent decodes, ` +
      `on libuv threads), encode ${st.encode.toFixed(1)} ms, SQLite write ${st.write.toFixed(2)} ms`,
  );
  const q = atelier.query_ms;
  say(
    `Text queries while indexing (tokenize + encode, one a second): ${q.length}, ` +
      `p50 ${percentile(q, 0.5).toFixed(1)} ms, max ${Math.max(...q).toFixed(1)} ms`,
  );
  const cosines = reference.vectors.map((v, i) => {
    const mine = atelier.vectors[i];
    return mine && mine.length === v.length ? cosine(v, mine) : 0;
  });
  say(
    `Same weights, same images: cosine Atelier vs reference, first ${cosines.length}: min ${Math.min(...cosines).toFixed(4)}`,
  );
  return {
    images: atelier.images,
    atelier_images_per_s: round(rate(atelier)),
    reference_images_per_s: round(rate(reference)),
    encoder_only_images_per_s: round(encoderRate),
    ratio_vs_reference: round(vsReference),
    ratio_vs_encoder_only: round(vsEncoder, 3),
    peak_rss_mb: atelier.peak_rss_mb,
    provider: atelier.provider,
    vision_threads: run.threads ?? availableParallelism(),
  };
}
