/** settings.json in the data folder: read leniently, written atomically and private to the user. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const storedSchema = z.object({
  version: z.literal(1).default(1),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  resultLimit: z.number().int().min(20).max(100_000).default(500),
  videoInterval: z.number().min(0.5).max(3600).default(10),
  videoMaxFrames: z.number().int().min(1).max(1000).default(64),
  generationModel: z.string().min(1).default('gemini-2.5-flash-image'),
  geminiApiKey: z.object({ scheme: z.string(), value: z.string() }).optional(),
  /** Milvus tokens by server URI, kept like the API key (the app's store switch saves them). */
  milvusTokens: z.record(z.string(), z.object({ scheme: z.string(), value: z.string() })).optional(),
});

export type StoredSettings = z.infer<typeof storedSchema>;

export const SETTINGS_FILE = 'settings.json';

/** The stored settings; defaults for a missing file, and for a damaged one (which is kept aside). */
export function readSettings(dataDir: string): StoredSettings {
  const file = path.join(dataDir, SETTINGS_FILE);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    return storedSchema.parse({});
  }
  try {
    return storedSchema.parse(JSON.parse(raw));
  } catch {
    fs.renameSync(file, `${file}.damaged-${Date.now()}`);
    return storedSchema.parse({});
  }
}

export function writeSettings(dataDir: string, settings: StoredSettings): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SETTINGS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
