/**
 * The renderer that `atelier serve` sends, built on demand with vite from the
 * renderer section of electron.vite.config.ts, into a cache folder named by a
 * hash of its sources: a fresh clone builds once (about 10 s on two cores), an
 * unchanged tree reuses the build, and an edited one never serves a stale page.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What the renderer bundle is made from. */
const SOURCES = ['src/renderer', 'src/shared', 'src/main/csp.ts', 'electron.vite.config.ts', 'package-lock.json'];

export interface RendererBuild {
  dir: string;
  /** Whether this call built it (false: reused from the cache). */
  built: boolean;
  ms: number;
}

function listFiles(entry: string): string[] {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return [entry];
  return fs
    .readdirSync(entry)
    .sort()
    .flatMap((name) => listFiles(path.join(entry, name)));
}

/**
 * How the bundle is built, part of its cache key: a build made another way (React's development
 * build, as a process with NODE_ENV=test once made) is never served in place of this one.
 */
const RECIPE = 'production';

export function sourceHash(root: string): string {
  const hash = createHash('sha256').update(RECIPE).update('\0');
  for (const file of SOURCES.flatMap((s) => listFiles(path.join(root, s)))) {
    hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

interface RendererConfig {
  build?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Builds the renderer unless the cache already holds a build of these exact sources. */
export async function ensureRendererBuild(root: string, onStart: () => void = () => undefined): Promise<RendererBuild> {
  const started = Date.now();
  const cache = path.join(root, 'node_modules', '.cache', 'atelier-renderer');
  const hash = sourceHash(root);
  const dir = path.join(cache, hash);
  if (fs.existsSync(path.join(dir, 'index.html'))) return { dir, built: false, ms: Date.now() - started };

  onStart();
  const tmp = `${dir}.tmp-${process.pid}`;
  // Vite loads only here: a build tool has no place in a running server otherwise. It compiles the
  // TypeScript config itself, so this works from the bundled command too, where no loader runs .ts.
  const { build, loadConfigFromFile } = await import('vite');
  const loaded = await loadConfigFromFile(
    { command: 'build', mode: RECIPE },
    path.join(root, 'electron.vite.config.ts'),
    root,
    'silent',
  );
  const renderer = (loaded?.config as { renderer?: RendererConfig } | undefined)?.renderer;
  if (!renderer) throw new Error(`electron.vite.config.ts in ${root} has no renderer section`);
  await build({
    ...renderer,
    configFile: false,
    // Production whatever the calling process's NODE_ENV: vitest sets it to `test`, which vite
    // would write into the bundle, and React would then run its development build, several times
    // slower per render. Vite takes its JSX runtime from NODE_ENV too: the production one.
    mode: RECIPE,
    define: { 'process.env.NODE_ENV': JSON.stringify(RECIPE) },
    esbuild: { jsxDev: false },
    base: './',
    logLevel: 'warn',
    build: { ...renderer.build, outDir: tmp, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  });
  try {
    fs.renameSync(tmp, dir);
  } catch (err) {
    // Another process finished the same build first: use it.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, 'index.html'))) throw err;
  }
  for (const old of fs.readdirSync(cache)) {
    if (old !== hash && !old.includes('.tmp-')) fs.rmSync(path.join(cache, old), { recursive: true, force: true });
  }
  return { dir, built: true, ms: Date.now() - started };
}
