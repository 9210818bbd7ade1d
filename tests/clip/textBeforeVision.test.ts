/**
 * A text query needs the text model only: the encoder answers it without
 * waiting for the vision model, which at start-up loads after it. Here the
 * vision model cannot load at all (its file is damaged), and text search
 * still works, while image encoding fails with the loader's reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { cosine } from '../../src/main/core/vectors/embedded/scoring';
import { fixtureEncoder } from '../helpers/encoder';
import { SHARED, TINY_MODEL } from '../helpers/paths';

interface Reference {
  images: Array<{ image: string }>;
  texts: Array<{ text: string; text_embeds: number[] }>;
}

const reference = JSON.parse(fs.readFileSync(path.join(TINY_MODEL, 'reference.json'), 'utf8')) as Reference;

describe('text queries with no vision model', () => {
  let dir: string;
  let encoder: ClipEncoder;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-text-first-'));
    fs.cpSync(TINY_MODEL, dir, { recursive: true });
    const vision = path.join(dir, 'onnx', 'vision_model.onnx');
    fs.chmodSync(vision, 0o644);
    fs.writeFileSync(vision, 'not an onnx model');
    encoder = fixtureEncoder(dir, 'tiny-random');
  });
  afterAll(async () => {
    await encoder.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('embeds texts as the reference does although the vision model cannot load', async () => {
    const [vector] = await encoder.embedTexts([reference.texts[0]!.text]);
    expect(cosine(vector!, Float32Array.from(reference.texts[0]!.text_embeds))).toBeGreaterThan(0.9999);
  });

  it('fails image encoding with the vision loader’s reason, and text queries keep working', async () => {
    const image = path.join(SHARED, reference.images[0]!.image);
    await expect(encoder.embedImages([image])).rejects.toThrow(/vision_model\.onnx|protobuf|load/i);
    const [again] = await encoder.embedTexts([reference.texts[0]!.text]);
    expect(again).toHaveLength(512);
  });
});
