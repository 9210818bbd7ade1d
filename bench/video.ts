/**
 * `npm run bench:video -- [--json] [--seconds S] [--model DIR]`
 *
 * Indexing a 1080p H.264 clip of S seconds (default 30, 30 frames a second):
 * three shots (ffmpeg's moving test pattern, HD colour bars, an RGB test
 * pattern) cut together, written once by the bundled ffmpeg into bench/.cache.
 * Times the whole video pass as indexing runs it: probing, the thumbnail pass
 * that finds the cuts, writing the kept frames, embedding them, committing,
 * with the model already loaded.
 *
 * Prints `{"video_seconds","frames","frames_per_s","realtime_factor"}`: the
 * clip's length, frames kept and embedded, those frames per second of wall
 * time, and seconds of video indexed per second. The CLIP model is the
 * ViT-B/32-shaped bench model where a Python with PyTorch can build it (see
 * benchModel.ts), else --model, else the shared tiny model.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Catalog } from '../src/main/core/catalog/catalog';
import { VideoRecords } from '../src/main/core/catalog/videoRecords';
import { createEncoderClient } from '../src/main/core/clip/encoderClient';
import { preferredProviders } from '../src/main/core/clip/providers';
import { indexFolders } from '../src/main/core/indexer/indexer';
import { bundledFfmpeg } from '../src/main/core/video/ffmpegBinary';
import { DEFAULT_SAMPLING } from '../src/main/core/video/sampleVideo';
import { nodeWorkerSpawner } from '../src/main/core/workers/nodeWorker';
import { TINY_MODEL } from '../tests/helpers/paths';
import { benchModel, CACHE, findPython } from './benchModel';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '30' },
    model: { type: 'string' },
  },
});

const seconds = Number(values.seconds);
if (!(seconds >= 3)) throw new Error('--seconds must be a number of at least 3');
const log = (line: string) => process.stderr.write(`${line}\n`);

function clipModel(): { dir: string; note: string } {
  if (values.model) return { dir: path.resolve(values.model), note: values.model };
  try {
    return { dir: benchModel(findPython(), log).dir, note: 'ViT-B/32-shaped bench model' };
  } catch (err) {
    log(`(${(err as Error).message.split('\n')[0]})`);
    log('Using the shared tiny CLIP model: its encoder costs almost nothing, so this measures mostly ffmpeg.');
    return { dir: TINY_MODEL, note: 'tiny-random (stand-in)' };
  }
}

/** The clip, written once per length. */
function benchClip(ffmpeg: string): string {
  const file = path.join(CACHE, 'video', `shots-1080p-${seconds}s.mp4`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const part = seconds / 3;
  const sources = ['testsrc2', 'smptehdbars', 'rgbtestsrc'].flatMap((s) => [
    '-f',
    'lavfi',
    '-i',
    `${s}=s=1920x1080:r=30:d=${part}`,
  ]);
  log(`Writing a ${seconds} s 1080p H.264 clip into ${path.dirname(file)}...`);
  const tmp = `${file}.tmp.mp4`;
  execFileSync(ffmpeg, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    ...sources,
    '-filter_complex',
    '[0][1][2]concat=n=3:v=1:a=0,format=yuv420p',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    tmp,
  ]);
  fs.renameSync(tmp, file);
  return file;
}

async function main(): Promise<void> {
  const ffmpeg = bundledFfmpeg();
  if (!ffmpeg) throw new Error('@ffmpeg-installer/ffmpeg has no ffmpeg for this platform');
  const clip = benchClip(ffmpeg);
  const model = clipModel();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-video-'));
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-video-data-'));
  fs.symlinkSync(clip, path.join(folder, 'clip.mp4'));
  const encoder = createEncoderClient({
    model: { id: 'bench', name: 'bench', dim: 512, dir: model.dir },
    vocabPath: path.join(import.meta.dirname, '..', 'resources', 'clip', 'bpe_simple_vocab_16e6.txt.gz'),
    providers: preferredProviders(process.env.ATELIER_PROVIDER),
    spawn: nodeWorkerSpawner(new URL('../src/main/core/clip/encoderThread.ts', import.meta.url)),
  });
  const catalog = Catalog.open(path.join(data, 'catalog.db'));
  try {
    await encoder.ready();
    log(`Indexing it with ${model.note}...`);
    const t0 = performance.now();
    const summary = await indexFolders(
      { catalog, encoder },
      { folders: [folder], jobId: 'bench', video: { ffmpeg, sampling: DEFAULT_SAMPLING } },
    );
    const wallS = (performance.now() - t0) / 1000;
    if (summary.embedded !== 1) throw new Error(`the clip was not indexed: ${JSON.stringify(summary.skipped)}`);
    const row = catalog.fileByPath(path.join(fs.realpathSync(folder), 'clip.mp4'))!;
    const video = new VideoRecords(catalog.db).get(row.contentKey)!;
    const result = {
      video_seconds: video.durationMs / 1000,
      frames: video.frames.length,
      frames_per_s: Number((video.frames.length / wallS).toFixed(2)),
      realtime_factor: Number((video.durationMs / 1000 / wallS).toFixed(2)),
    };
    if (!values.json)
      log(`indexed in ${wallS.toFixed(1)} s; frames at ${video.frames.map((t) => t / 1000).join(', ')} s`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    catalog.close();
    await encoder.close();
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(data, { recursive: true, force: true });
  }
}

await main();
