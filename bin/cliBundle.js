/**
 * The `atelier` command runs from its TypeScript sources, bundled by esbuild
 * into out/cli on first use and again after any of them changes. One bundle
 * starts in about a quarter of a second, where loading each source through
 * tsx takes about three quarters: a third of a re-index of a million
 * unchanged files. Each bundle is kept with the sizes and times of the
 * sources it was made from, which every run checks (a few milliseconds).
 * Bundles are made in folders of their own and named in current.json, so
 * runs that start together, or one still running an older bundle, never see
 * a half-written one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'out', 'cli');
const CURRENT = path.join(OUT, 'current.json');

/** The command and its worker threads (src/cli/workerEntries.ts finds them by these names). */
const ENTRIES = {
  main: 'src/cli/main.ts',
  encoderThread: 'src/main/core/clip/encoderThread.ts',
  ocrThread: 'src/main/core/ocr/ocrThread.ts',
  scanThread: 'src/main/core/indexer/scanThread.ts',
};

/** Besides the sources a bundle reads, what changes how they are compiled. */
const SETTINGS = ['package.json', 'tsconfig.json', 'tsconfig.node.json'];

/** A bundle older than this, no longer current, is deleted (a long `serve` may still load from it until then). */
const KEEP_OLD_MS = 24 * 60 * 60 * 1000;

function stampOf(file) {
  const stat = fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
}

/** The current bundle's entry, if every source it was made from is as it was. */
function currentBundle() {
  let current;
  try {
    current = JSON.parse(fs.readFileSync(CURRENT, 'utf8'));
  } catch {
    return null;
  }
  for (const [file, stamp] of Object.entries(current.inputs)) if (stampOf(file) !== stamp) return null;
  const main = path.join(OUT, current.dir, 'main.js');
  return fs.existsSync(main) ? main : null;
}

async function makeBundle() {
  const { build } = await import('esbuild');
  const started = Date.now();
  const dir = `${started.toString(36)}-${process.pid}`;
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: path.join(OUT, dir),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Packages load from node_modules as they are: native addons must, and the rest need no bundling.
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...SETTINGS]) inputs[file] = stampOf(file);
  // A source saved while the bundle was made may not be in it: then this run uses it, but it is not kept as current.
  const changedMeanwhile = Object.keys(result.metafile.inputs).some(
    (file) => fs.statSync(path.join(ROOT, file)).mtimeMs >= started,
  );
  if (!changedMeanwhile) {
    const temp = `${CURRENT}.${process.pid}`;
    fs.writeFileSync(temp, JSON.stringify({ dir, inputs }));
    fs.renameSync(temp, CURRENT);
  }
  removeOldBundles(dir);
  return path.join(OUT, dir, 'main.js');
}

function removeOldBundles(keep) {
  for (const entry of fs.readdirSync(OUT, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const folder = path.join(OUT, entry.name);
    try {
      if (Date.now() - fs.statSync(folder).mtimeMs > KEEP_OLD_MS) fs.rmSync(folder, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

/**
 * The bundled command's entry, made now if there is none of the current sources; null where none
 * can be made (no esbuild for this platform, a read-only install), and the sources run through tsx.
 */
export async function bundledCli() {
  try {
    return currentBundle() ?? (await makeBundle());
  } catch {
    return null;
  }
}
