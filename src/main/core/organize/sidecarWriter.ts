/**
 * XMP sidecars (`name.ext.xmp`) carrying an image's tags (`dc:subject`) and rating (`xmp:Rating`),
 * which Lightroom, Bridge and digiKam read. The image itself is never written. A sidecar that
 * already exists keeps its other fields: only its subject and rating are replaced, in its first
 * rdf:Description; one that is not well-formed XML is left as it is, with the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/catalog';
import { xmlProblem } from './embeddedMetadata';

export interface SidecarSummary {
  written: number;
  updated: number;
  skipped: Array<{ path: string; reason: string }>;
}

interface Subject {
  path: string;
  tags: string[];
  rating: number;
}

const DC = 'http://purl.org/dc/elements/1.1/';
const XMP = 'http://ns.adobe.com/xap/1.0/';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The images with tags (the user's or the file's) or a rating, under these folders when given. */
function subjects(catalog: Catalog, folders: readonly string[]): Subject[] {
  const rows = catalog.db
    .prepare(
      `SELECT f.path,
         (SELECT json_group_array(t.name) FROM (SELECT DISTINCT t.name, t.folded FROM file_tags ft
            JOIN tags t ON t.id = ft.tag_id WHERE ft.file_id = f.id AND ft.source IN ('user', 'file')
            ORDER BY t.folded) t) AS tags,
         coalesce((SELECT rating FROM file_marks m WHERE m.file_id = f.id), 0) AS rating
       FROM files f ORDER BY f.path`,
    )
    .all() as Array<{ path: string; tags: string; rating: number }>;
  const roots = folders.map((f) => path.resolve(f));
  return rows
    .map((r) => ({ path: r.path, tags: JSON.parse(r.tags) as string[], rating: r.rating }))
    .filter((s) => s.tags.length > 0 || s.rating > 0)
    .filter((s) => roots.length === 0 || roots.some((root) => s.path.startsWith(root + path.sep)));
}

function fields({ tags, rating }: Subject): string {
  const parts: string[] = [];
  if (tags.length > 0) {
    const items = tags.map((t) => `<rdf:li>${escapeXml(t)}</rdf:li>`).join('');
    parts.push(`<dc:subject><rdf:Bag>${items}</rdf:Bag></dc:subject>`);
  }
  if (rating > 0) parts.push(`<xmp:Rating>${rating}</xmp:Rating>`);
  return parts.map((p) => `\n   ${p}`).join('') + '\n  ';
}

function freshSidecar(subject: Subject): string {
  return [
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">`,
    ` <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    `  <rdf:Description rdf:about="" xmlns:dc="${DC}" xmlns:xmp="${XMP}">${fields(subject)}</rdf:Description>`,
    ` </rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="w"?>`,
    '',
  ].join('\n');
}

/** The sidecar with its subject and rating replaced; a string is why it cannot be. */
function updatedSidecar(old: string, subject: Subject): { text: string } | string {
  const bad = xmlProblem(old.slice(Math.max(0, old.indexOf('<'))));
  if (bad) return `the sidecar is not well-formed XML (${bad}); left as it is`;
  let text = old;
  if (subject.tags.length > 0) {
    text = text.replace(/<dc:subject\b[^>]*\/>/g, '').replace(/<dc:subject\b[\s\S]*?<\/dc:subject>/g, '');
  }
  if (subject.rating > 0) {
    text = text
      .replace(/<xmp:Rating\b[^>]*\/>/g, '')
      .replace(/<xmp:Rating\b[^>]*>[^<]*<\/xmp:Rating>/g, '')
      .replace(/\sxmp:Rating\s*=\s*("[^"]*"|'[^']*')/g, '');
  }
  const opening = /<rdf:Description\b([^>]*?)(\/?)>/.exec(text);
  if (!opening) return 'the sidecar has no rdf:Description; left as it is';
  let attributes = opening[1]!;
  if (!/xmlns:dc\s*=/.test(text)) attributes += ` xmlns:dc="${DC}"`;
  if (!/xmlns:xmp\s*=/.test(text)) attributes += ` xmlns:xmp="${XMP}"`;
  const replacement =
    `<rdf:Description${attributes}>${fields(subject)}` + (opening[2] === '/' ? '</rdf:Description>' : '');
  text = text.slice(0, opening.index) + replacement + text.slice(opening.index + opening[0].length);
  const still = xmlProblem(text.slice(Math.max(0, text.indexOf('<'))));
  return still ? `the sidecar could not be updated cleanly (${still}); left as it is` : { text };
}

/** Writes or updates the sidecar of every image with tags or a rating (under `folders`, when given). */
export function writeSidecars(catalog: Catalog, folders: readonly string[] = []): SidecarSummary {
  const summary: SidecarSummary = { written: 0, updated: 0, skipped: [] };
  for (const subject of subjects(catalog, folders)) {
    const target = `${subject.path}.xmp`;
    try {
      const exists = fs.existsSync(target);
      const next = exists ? updatedSidecar(fs.readFileSync(target, 'utf8'), subject) : { text: freshSidecar(subject) };
      if (typeof next === 'string') {
        summary.skipped.push({ path: target, reason: next });
        continue;
      }
      // Written beside and renamed over, so a crash never leaves half a sidecar.
      const temp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temp, next.text);
      fs.renameSync(temp, target);
      summary[exists ? 'updated' : 'written']++;
    } catch (err) {
      summary.skipped.push({ path: target, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return summary;
}
