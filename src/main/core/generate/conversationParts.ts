/**
 * The model's turn of an edit conversation, kept so it can be sent back
 * exactly as it came: every part and its thought signature untouched, the
 * image bytes moved to files in the data folder (by content key) so the
 * catalog holds no megabytes of base64. The whole answer is kept, its
 * thought parts too: Google's guidance is to send the full model response
 * back, as the SDK's chat does.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Part } from '@google/genai';
import { contentKeyOfBytes } from '../files/contentKey';

/** A part as kept: inline data replaced by the name of its file. */
type StoredPart = Omit<Part, 'inlineData'> & { inlineData?: { mimeType: string; file: string } };

export function turnsDir(dataDir: string): string {
  return path.join(dataDir, 'generation', 'turns');
}

/** Writes the parts' images and returns the parts as JSON for the catalog. */
export async function storeModelParts(dataDir: string, parts: Part[]): Promise<string> {
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
    const file = `${contentKeyOfBytes(bytes)}.bin`;
    await fs.writeFile(path.join(dir, file), bytes);
    stored.push({ ...rest, inlineData: { mimeType: inlineData.mimeType ?? 'application/octet-stream', file } });
  }
  return JSON.stringify(stored);
}

/** The parts as they came from the model; throws (ENOENT) when an image file is gone. */
export async function loadModelParts(dataDir: string, json: string): Promise<Part[]> {
  const stored = JSON.parse(json) as StoredPart[];
  return Promise.all(
    stored.map(async ({ inlineData, ...rest }) => {
      if (!inlineData) return rest;
      const bytes = await fs.readFile(path.join(turnsDir(dataDir), inlineData.file));
      return { ...rest, inlineData: { mimeType: inlineData.mimeType, data: bytes.toString('base64') } };
    }),
  );
}
