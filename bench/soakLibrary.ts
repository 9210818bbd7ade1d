/**
 * The soak test's library on disk: folders of distinct images (hard links to
 * the image cache, so making one costs nothing), each with one probe image
 * that searches use as their example and that nothing moves; the other files
 * are added, renamed and deleted while the soak runs. Every change is atomic
 * (a link or a rename), and no name is ever used twice, so a path that left
 * the library never comes back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { soakImage } from './soakImages';

export interface Probe {
  folder: string;
  file: string;
}

export interface LibraryShape {
  folders: number;
  /** Images per folder at the start, the probe included. */
  perFolder: number;
}

export class SoakLibrary {
  readonly root: string;
  readonly probes: Probe[] = [];
  /** Files on disk that the mutator may rename or delete (every file but the probes). */
  private readonly movable: string[] = [];
  private nextImage: number;
  private nextName = 0;

  private constructor(
    runDir: string,
    private readonly cacheDir: string,
    private readonly shape: LibraryShape,
  ) {
    this.root = path.join(runDir, 'library');
    this.nextImage = shape.folders * shape.perFolder;
  }

  /** Lays out the library under `runDir` from the image cache in `cacheDir` (same file system). */
  static async create(runDir: string, cacheDir: string, shape: LibraryShape): Promise<SoakLibrary> {
    const lib = new SoakLibrary(runDir, cacheDir, shape);
    let image = 0;
    for (let f = 0; f < shape.folders; f++) {
      const folder = path.join(lib.root, `f${String(f).padStart(3, '0')}`);
      fs.mkdirSync(folder, { recursive: true });
      const probe = path.join(folder, 'probe.png');
      fs.linkSync(await soakImage(cacheDir, image++), probe);
      lib.probes.push({ folder, file: probe });
      for (let k = 1; k < shape.perFolder; k++) {
        const file = path.join(folder, `img-${String(image).padStart(6, '0')}.png`);
        fs.linkSync(await soakImage(cacheDir, image++), file);
        lib.movable.push(file);
      }
    }
    return lib;
  }

  get initialCount(): number {
    return this.shape.folders * this.shape.perFolder;
  }

  private name(prefix: string): string {
    return `${prefix}-${process.pid}-${String(this.nextName++).padStart(6, '0')}.png`;
  }

  /** A new image (content never seen before) in a random folder. */
  async add(pick: (n: number) => number): Promise<string> {
    const folder = this.probes[pick(this.probes.length)]!.folder;
    const source = await soakImage(this.cacheDir, this.nextImage++);
    const file = path.join(folder, this.name('new'));
    fs.linkSync(source, file);
    this.movable.push(file);
    return file;
  }

  /** Renames a random file, into a random folder (often another one): a move. */
  rename(pick: (n: number) => number): { from: string; to: string } | null {
    if (this.movable.length === 0) return null;
    const i = pick(this.movable.length);
    const from = this.movable[i]!;
    const to = path.join(this.probes[pick(this.probes.length)]!.folder, this.name('moved'));
    fs.renameSync(from, to);
    this.movable[i] = to;
    return { from, to };
  }

  /** Deletes a random file. */
  remove(pick: (n: number) => number): string | null {
    if (this.movable.length === 0) return null;
    const i = pick(this.movable.length);
    const file = this.movable[i]!;
    this.movable[i] = this.movable[this.movable.length - 1]!;
    this.movable.pop();
    fs.rmSync(file);
    return file;
  }

  /** Every image file on disk now (read from the disk, not from this object's memory). */
  onDisk(): string[] {
    const out: string[] = [];
    for (const { folder } of this.probes) {
      for (const name of fs.readdirSync(folder)) if (name.endsWith('.png')) out.push(path.join(folder, name));
    }
    return out;
  }
}
