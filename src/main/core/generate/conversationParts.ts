/**
 * The model's turn of an edit conversation, kept so it can be sent back
 * exactly as it came: every part and its thought signature untouched, the
 * image bytes kept out of the catalog so it holds no megabytes of base64. An
 * image saved as an output is named by its content key and read back from
 * wherever the output is now, so it is on disk once; the others (the model's
 * thought images) go to files of their own in the data folder, as every
 * image did before. The whole answer is kept, its thought parts too: Google's
 * guidance is to send the full model response back, as the SDK's chat does.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Part } from '@google/genai';
import { contentKeyOfBytes } from '../files/contentKey';

/**
 * A part as kept: inline data replaced by the name of its file in the turns folder, or by the
 * content key of the output saved with those bytes.
 */
type StoredPart = Omit<Part, 'inlineData'> & {
  inlineData?: { mimeType: string; file: string } | { mimeType: string; output: string };
};

/** Where a saved output is now (see GenerationRecords.outputByContentKey). */
export interface SavedOutputs {
  outputByContentKey(contentKey: string): { path: string } | undefined;
}

export function turnsDir(dataDir: string): string {
  return path.join(dataDir, 'generation', 'turns');
}

/**
 * Returns the parts as JSON for the catalog, writing the images among them that are not saved
 * outputs (`saved`: the content keys of those that are).
 */
export async function storeModelParts(dataDir: string, parts: Part[], saved: ReadonlySet<string>): Promise<string> {
  const dir = turnsDir(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const stored: StoredPart[] = [];
  for (const part of parts) {
    const { inlineData, ...rest } = part;
    if (!inlineData?.data) {
      stored.push(rest);
      continue;
    }
    const bytes = Buffer.from(inlineData.data, 'base64');
    const key = contentKeyOfBytes(bytes);
    const mimeType = inlineData.mimeType ?? 'application/octet-stream';
    if (saved.has(key)) {
      stored.push({ ...rest, inlineData: { mimeType, output: key } });
      continue;
    }
    const file = `${key}.bin`;
    await fs.writeFile(path.join(dir, file), bytes);
    stored.push({ ...rest, inlineData: { mimeType, file } });
  }
  return JSON.stringify(stored);
}

/** The bytes of a saved output, wherever it is now; throws when it is gone or no longer those bytes. */
async function outputBytes(outputs: SavedOutputs, key: string): Promise<Buffer> {
  const found = outputs.outputByContentKey(key);
  if (!found) throw new Error('an image of the conversation is no longer recorded');
  const name = path.basename(found.path);
  const bytes = await fs.readFile(found.path).catch(() => {
    throw new Error(`${name} is gone`);
  });
  if (contentKeyOfBytes(bytes) !== key) throw new Error(`${name} has changed since it was made`);
  return bytes;
}

/**
 * The parts as they came from the model; throws when an image is gone (a file of the turns folder,
 * or the output it names).
 */
export async function loadModelParts(dataDir: string, json: string, outputs: SavedOutputs): Promise<Part[]> {
  const stored = JSON.parse(json) as StoredPart[];
  return Promise.all(
    stored.map(async ({ inlineData, ...rest }) => {
      if (!inlineData) return rest;
      const bytes =
        'output' in inlineData
          ? await outputBytes(outputs, inlineData.output)
          : await fs.readFile(path.join(turnsDir(dataDir), inlineData.file));
      return { ...rest, inlineData: { mimeType: inlineData.mimeType, data: bytes.toString('base64') } };
    }),
  );
}
