/**
 * Metadata already in image files (XMP keywords, rating, title, description, written by exiftool
 * into real JPEG, PNG, TIFF and WebP files) becomes tags, rating and note marked as coming from
 * the file when the folder is indexed; what the user set wins over it; a malformed packet is
 * skipped with the reason. `sidecars write` puts tags and ratings in name.ext.xmp files that exifr
 * reads back, without touching the images.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sidecar } from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageMarks } from '../../src/shared/organize';
import { type CliResult, json, runCli } from '../helpers/cli';
import { COLOR_MODEL } from '../helpers/paths';

type Info = ImageMarks & { path: string; indexed: boolean };

const exiftool = (...args: string[]) => execFileSync('exiftool', ['-q', '-q', '-overwrite_original', ...args]);
/** A real file of the format its name says (ImageMagick picks the encoder by extension). */
const image = (file: string, [r, g, b]: [number, number, number]) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('convert', ['-size', '96x96', `xc:rgb(${r},${g},${b})`, file]);
};
const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('metadata carried by the image files', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
  const at = (name: string) => path.join(lib, name);
  const info = async (name: string) => json<Info>(ok(await cli('info', at(name), '--json')));
  const ok = (r: CliResult) => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r;
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-xmp-'));
    lib = path.join(fs.realpathSync(tmp), 'library');
    data = path.join(tmp, 'data');
    for (const [i, name] of ['photo.jpg', 'photo.png', 'photo.tif', 'photo.webp'].entries()) {
      image(at(name), [200, 40 + i * 40, 30]);
      exiftool(
        '-XMP-dc:Subject=sunset',
        '-XMP-dc:Subject=Beach Trip',
        '-XMP-xmp:Rating=4',
        '-XMP-dc:Title=Evening',
        '-XMP-dc:Description=Low sun',
        at(name),
      );
    }
    // The same number of bytes, so the JPEG segment stays whole and only its XML breaks.
    image(at('broken.jpg'), [20, 90, 200]);
    exiftool('-XMP-dc:Subject=lost', '-XMP-xmp:Rating=5', at('broken.jpg'));
    const bytes = fs.readFileSync(at('broken.jpg'));
    const closing = bytes.indexOf('</rdf:Bag>');
    expect(closing).toBeGreaterThan(0);
    bytes.write('</rdf:Bxg>', closing, 'latin1');
    fs.writeFileSync(at('broken.jpg'), bytes);
    image(at('plain.png'), [240, 240, 240]);
    image(at('iptc.jpg'), [90, 90, 20]);
    exiftool('-IPTC:Keywords=harbour', '-IPTC:Keywords=boats', '-IPTC:ObjectName=Port', at('iptc.jpg'));
    ok(await cli('index', lib, '--json'));
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads XMP keywords, rating and title/description from JPEG, PNG, TIFF and WebP, and IPTC keywords, as file values', async () => {
    for (const name of ['photo.jpg', 'photo.png', 'photo.tif', 'photo.webp']) {
      const found = await info(name);
      expect(found, name).toMatchObject({
        indexed: true,
        tags: [
          { tag: 'Beach Trip', source: 'file' },
          { tag: 'sunset', source: 'file' },
        ],
        rating: 4,
        ratingSource: 'file',
        note: 'Evening — Low sun',
        noteSource: 'file',
      });
      expect(found.metadataProblem, name).toBeUndefined();
    }
    expect(await info('plain.png')).toMatchObject({ tags: [], rating: 0, note: null });
    expect(await info('iptc.jpg')).toMatchObject({
      tags: [
        { tag: 'boats', source: 'file' },
        { tag: 'harbour', source: 'file' },
      ],
      rating: 0,
      note: 'Port',
      noteSource: 'file',
    });
  });

  it('skips a malformed XMP packet with the reason, and still indexes the image', async () => {
    const found = await info('broken.jpg');
    expect(found).toMatchObject({ indexed: true, tags: [], rating: 0, note: null });
    expect(found.metadataProblem).toMatch(/^Malformed XMP packet, skipped: .*close tag/i);
  });

  it("keeps the user's values when the file changes, and replaces only what came from the file", async () => {
    ok(await cli('rate', '2', at('photo.jpg')));
    ok(await cli('tag', 'add', 'keeper', at('photo.jpg')));
    exiftool('-XMP-dc:Subject=', '-XMP-dc:Subject=dusk', '-XMP-xmp:Rating=5', '-XMP-dc:Title=Later', at('photo.jpg'));
    ok(await cli('index', lib, '--json'));
    expect(await info('photo.jpg')).toMatchObject({
      tags: [
        { tag: 'dusk', source: 'file' },
        { tag: 'keeper', source: 'user' },
      ],
      rating: 2,
      ratingSource: 'user',
      note: 'Later — Low sun',
      noteSource: 'file',
    });
    // A file left unchanged is not read again: the user's note on it stays, the file's rating too.
    ok(await cli('note', at('photo.png'), 'mine'));
    ok(await cli('index', lib, '--json'));
    expect(await info('photo.png')).toMatchObject({
      rating: 4,
      ratingSource: 'file',
      note: 'mine',
      noteSource: 'user',
    });
  });

  it('writes sidecars that exifr reads back, keeps the other fields of one that exists, and never touches an image', async () => {
    exiftool('-XMP-dc:Creator=Ana', '-o', at('photo.tif.xmp'), at('photo.tif'));
    fs.writeFileSync(at('photo.webp.xmp'), '<x:xmpmeta><rdf:RDF><unclosed></x:xmpmeta>');
    const images = ['photo.jpg', 'photo.png', 'photo.tif', 'photo.webp', 'broken.jpg', 'plain.png', 'iptc.jpg'];
    const before = images.map((n) => digest(at(n)));
    const summary = json<{ written: number; updated: number; skipped: Array<{ path: string; reason: string }> }>(
      ok(await cli('sidecars', 'write', '--folder', lib, '--json')),
    );
    expect(summary.written).toBe(3);
    expect(summary.updated).toBe(1);
    expect(summary.skipped.map((s) => s.path)).toEqual([at('photo.webp.xmp')]);
    expect(summary.skipped[0]!.reason).toMatch(/^the sidecar is not well-formed XML/);
    expect(images.map((n) => digest(at(n)))).toEqual(before);
    expect(fs.readFileSync(at('photo.webp.xmp'), 'utf8')).toBe('<x:xmpmeta><rdf:RDF><unclosed></x:xmpmeta>');
    expect(fs.existsSync(at('plain.png.xmp'))).toBe(false);
    expect(fs.existsSync(at('broken.jpg.xmp'))).toBe(false);

    type Sidecar = { dc?: { subject?: string[]; creator?: unknown }; xmp?: { Rating?: number } };
    const jpg = (await sidecar(at('photo.jpg.xmp'))) as Sidecar;
    expect(jpg).toMatchObject({ dc: { subject: ['dusk', 'keeper'] }, xmp: { Rating: 2 } });
    const tif = (await sidecar(at('photo.tif.xmp'))) as Sidecar;
    expect(tif).toMatchObject({ dc: { subject: ['Beach Trip', 'sunset'] }, xmp: { Rating: 4 } });
    expect(JSON.stringify(tif.dc?.creator)).toContain('Ana');
  });

  it('refuses a missing folder or action with one line, writing nothing', async () => {
    const missing = await cli('sidecars', 'write', '--folder', path.join(tmp, 'nope'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim()).toContain(`--folder must be a folder: ${path.join(tmp, 'nope')} is not one.`);
    const noAction = await cli('sidecars');
    expect(noAction.code).not.toBe(0);
    expect(noAction.stderr).toContain('sidecars takes one action: atelier sidecars write');
  });
});
