/** `atelier info <image>`: what the library knows of an image, and how it was made if Atelier made it. */
import fs from 'node:fs';
import path from 'node:path';
import type { Atelier } from '../../main/core/app';
import { type ImageText, ImageTexts } from '../../main/core/catalog/imageTexts';
import { PaletteRecords } from '../../main/core/catalog/paletteRecords';
import { type VideoRecord, VideoRecords } from '../../main/core/catalog/videoRecords';
import { FormatError } from '../../main/core/formats/decodedImage';
import { describePsd, isPsd } from '../../main/core/formats/psd';
import { UsageError } from '../errors';
import { printJson, printLine } from '../output';

/** The text read in the image: null when it has not been read (yet, or reading is off). */
function textOf(read: ImageText | null) {
  if (!read) return null;
  return { content: read.content, lines: read.lines, ...(read.error ? { error: read.error } : {}) };
}

/** A video's length and the times of the frames kept, in seconds. */
function videoInfo(video: VideoRecord) {
  return {
    duration: video.durationMs / 1000,
    frames: video.frames.map((ms) => ({ time: ms / 1000 })),
    ...(video.note ? { note: video.note } : {}),
  };
}

/** A Photoshop file's picture (its stored composite or its flattened layers) and layer count; undefined for other files. */
function psdInfo(file: string) {
  const head = Buffer.alloc(6);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 6, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!isPsd(head)) return undefined;
  try {
    return describePsd(fs.readFileSync(file));
  } catch (err) {
    if (err instanceof FormatError) return { error: err.reason };
    throw err;
  }
}

export async function infoCommand(atelier: Atelier, files: string[], json: boolean): Promise<void> {
  if (files.length !== 1) throw new UsageError('info takes one image or video: atelier info <image|video>');
  const file = path.resolve(files[0]!);
  if (!fs.existsSync(file)) throw new Error(`Image not found: ${file}`);
  const row = atelier.catalog.fileByPath(file);
  const provenance = await atelier.generation.provenance(file);
  const marks = atelier.organize.marksOf(file) ?? { tags: [], rating: 0, note: null, collections: [] };
  const text = textOf(row ? new ImageTexts(atelier.catalog.db).of(row.contentKey) : null);
  // null until the palette pass has made it (and for a file outside the library).
  const palette = new PaletteRecords(atelier.catalog.db).ofPath(file);
  const video = row ? new VideoRecords(atelier.catalog.db).get(row.contentKey) : undefined;
  const psd = fs.statSync(file).isFile() ? psdInfo(file) : undefined;
  const info = {
    path: file,
    indexed: row !== undefined,
    ...(row ? { contentKey: row.contentKey, width: row.width, height: row.height, format: row.format } : {}),
    ...(video ? videoInfo(video) : {}),
    ...(psd ? { psd } : {}),
    palette,
    ...marks,
    text,
    provenance,
  };
  if (json) {
    printJson(info);
    return;
  }
  printLine(file);
  printLine(row ? `  ${row.width}×${row.height} ${row.format}, indexed` : '  not indexed');
  if (video) {
    const { duration, frames, note } = videoInfo(video);
    printLine(`  video: ${duration} s, frames at ${frames.map((f) => `${f.time} s`).join(', ')}`);
    if (note) printLine(`  frames: ${note}`);
  }
  if (psd) printLine(`  psd: ${'error' in psd ? psd.error : `${psd.image}, ${psd.layers} layers`}`);
  if (palette?.length)
    printLine(`  palette: ${palette.map((c) => `${c.hex} ${Math.round(c.share * 100)}%`).join(', ')}`);
  if (marks.tags.length)
    printLine(`  tags: ${marks.tags.map((t) => (t.source === 'user' ? t.tag : `${t.tag} (${t.source})`)).join(', ')}`);
  if (marks.rating) printLine(`  rating: ${'★'.repeat(marks.rating)}`);
  if (marks.note) printLine(`  note: ${marks.note}`);
  if (marks.collections.length) printLine(`  in: ${marks.collections.join(', ')}`);
  if (text?.error) printLine(`  text: not read (${text.error})`);
  else if (text?.content) printLine(`  text: ${text.content.split('\n').join(' / ')}`);
  if (!provenance) {
    printLine('  not made by Atelier (no provenance)');
    return;
  }
  printLine(`  made ${new Date(provenance.createdAt).toLocaleString()} by ${provenance.params.model}`);
  printLine(`  prompt: ${provenance.prompt}`);
  if (provenance.parent) printLine(`  edited from: ${provenance.parent.path}`);
  if (provenance.conversation)
    printLine(`  conversation ${provenance.conversation.id}, turn ${provenance.conversation.turn}`);
  provenance.references.forEach((ref, i) => {
    const where = ref.currentPath ?? `${ref.path} (no longer in the library)`;
    printLine(`  image ${i + 1} (${ref.source}): ${where}`);
  });
  if (provenance.responseText) printLine(`  model's note: ${provenance.responseText}`);
}
