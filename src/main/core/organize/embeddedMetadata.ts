/**
 * The keywords, rating, title and description an image file already carries, in its XMP packet
 * or its IPTC record (JPEG, PNG, TIFF, WebP). exifr finds and parses them; its XMP parser takes
 * anything, so the packet is first checked for well-formed XML: a malformed one is skipped with
 * the reason, never guessed at.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sax from 'sax';

export interface EmbeddedMetadata {
  keywords: string[];
  /** 0: none. */
  rating: number;
  /** Title and description; '' when there is neither. */
  note: string;
  /** Why part of the metadata was skipped. */
  problem?: string;
}

const READABLE = new Set(['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.webp']);

export function carriesMetadata(file: string): boolean {
  return READABLE.has(path.extname(file).toLowerCase());
}

/** The XMP chunk of a WebP file (RIFF), which exifr 7 does not read; null when it has none. */
async function webpXmp(file: string): Promise<string | null> {
  const bytes = await fs.readFile(file);
  if (bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WEBP') return null;
  for (let at = 12; at + 8 <= bytes.length;) {
    const size = bytes.readUInt32LE(at + 4);
    if (bytes.toString('latin1', at, at + 4) === 'XMP ') return bytes.toString('utf8', at + 8, at + 8 + size);
    at += 8 + size + (size % 2);
  }
  return null;
}

/** Null when the packet is well-formed XML; otherwise why not. */
export function xmlProblem(xml: string): string | null {
  const parser = sax.parser(true);
  try {
    parser.write(xml).close();
    return null;
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
  }
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object') return 'value' in value ? strings(value.value) : [];
  if (typeof value !== 'string' && typeof value !== 'number') return [];
  const text = String(value).trim();
  return text ? [text] : [];
}

/** A language alternative (dc:title, dc:description) as exifr gives it: one value or several languages. */
function firstText(value: unknown): string {
  return strings(value)[0] ?? '';
}

interface Parsed {
  xmp?: string;
  iptc?: { Keywords?: unknown; ObjectName?: unknown; Caption?: unknown };
}

export async function readEmbeddedMetadata(file: string): Promise<EmbeddedMetadata> {
  // Loaded with the first file read, not with every command.
  const { default: exifr } = await import('exifr');
  const webp = path.extname(file).toLowerCase() === '.webp';
  const parsed: Parsed = webp
    ? { xmp: (await webpXmp(file)) ?? undefined }
    : (((await exifr.parse(file, {
        xmp: { parse: false },
        iptc: true,
        tiff: false,
        ihdr: false,
        mergeOutput: false,
      })) as Parsed | undefined) ?? {});
  const iptc = parsed.iptc ?? {};
  const keywords = strings(iptc.Keywords);
  let rating = 0;
  let title = firstText(iptc.ObjectName);
  let description = firstText(iptc.Caption);
  let problem: string | undefined;
  // A PNG's iTXt chunk comes with its keyword in front of the packet.
  const packet = parsed.xmp?.slice(Math.max(0, parsed.xmp.indexOf('<')));
  if (packet) {
    const bad = xmlProblem(packet);
    if (bad) problem = `Malformed XMP packet, skipped: ${bad}`;
    else {
      const parser = exifr.segmentParsers.get('xmp') as { parse(xml: string): unknown };
      const xmp = parser.parse(packet) as {
        dc?: { subject?: unknown; title?: unknown; description?: unknown };
        xmp?: { Rating?: unknown };
      };
      keywords.push(...strings(xmp.dc?.subject));
      const stars = Number(xmp.xmp?.Rating);
      // -1 means rejected in XMP: no stars here.
      if (Number.isFinite(stars)) rating = Math.max(0, Math.min(5, Math.round(stars)));
      title = firstText(xmp.dc?.title) || title;
      description = firstText(xmp.dc?.description) || description;
    }
  }
  const note = [...new Set([title, description].filter(Boolean))].join(' — ');
  return { keywords, rating, note, ...(problem ? { problem } : {}) };
}
