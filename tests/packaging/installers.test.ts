/**
 * The installer configuration, checked as far as this can be done without
 * building installers (that needs Electron's binaries): electron-builder's own
 * loader and schema accept electron-builder.yml; the native files the built
 * app really loads (found by loading its imports in a child process) are
 * unpacked from app.asar and not filtered out, and so is every production
 * package with a native binary; the files the app loads at run time are packed;
 * the resources ship where the packaged app looks for them; each OS's npm
 * script builds that OS's installers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultDataDir, MODEL_MANIFEST_FILE, VOCAB_FILE } from '../../src/main/core/config';
import { appPaths } from '../../src/main/paths';
import { ROOT } from '../helpers/paths';

interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, logger: unknown): Promise<void>;
}

const require = createRequire(path.join(ROOT, 'package.json'));
const fromBuilder = createRequire(require.resolve('electron-builder'));
const builderConfig = fromBuilder('app-builder-lib/out/util/config/config') as ConfigModule;
const { DebugLogger } = createRequire(fromBuilder.resolve('app-builder-lib'))('builder-util') as {
  DebugLogger: new (enabled: boolean) => unknown;
};

const NATIVE_FILE = /\.(node|so(\.\d+)*|dylib|dll)$/;

/** Files under a package, not descending into its own node_modules. */
function filesOf(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesOf(full, base);
    return [path.relative(base, full)];
  });
}

/** Where Node would find `name` from a package in `from`. */
function resolvePackage(name: string, from: string): string | null {
  for (let dir = from; dir.startsWith(ROOT); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === ROOT) break;
  }
  return null;
}

/** Every installed package the app depends on at run time (dependencies and installed optional ones). */
function productionPackages(): string[] {
  const seen = new Set<string>();
  const visit = (dir: string) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const found = resolvePackage(name, dir);
      if (found && !seen.has(found)) {
        seen.add(found);
        visit(found);
      }
    }
  };
  visit(ROOT);
  return [...seen].map((dir) => path.relative(ROOT, dir));
}

/** The glob strings of a `files`-like option: plain strings, or FileSets (the loader turns the root list into one). */
const globs = (patterns: Configuration['files']): string[] =>
  ([] as unknown[]).concat(patterns ?? []).flatMap((p) => {
    if (typeof p === 'string') return [p];
    const filter = (p as { filter?: string | string[] }).filter;
    return filter === undefined ? [] : ([] as string[]).concat(filter);
  });
const matchesAny = (file: string, patterns: string[]) => patterns.some((g) => path.matchesGlob(file, g));
/** Whether a file is left out by a `!pattern` of the common or the platform's `files`. */
const excluded = (file: string, patterns: string[]) =>
  matchesAny(
    file,
    patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1)),
  );

/** Every file under a folder, as absolute paths. */
const walk = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : [full];
  });

/** The packages the built main and preload import (bare specifiers, builtins and electron aside). */
function builtImports(): string[] {
  const specifier =
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["'](@?[a-z0-9][\w.-]*(?:\/[\w.-]+)*)["']/g;
  const names = new Set<string>();
  for (const file of [...walk(path.join(ROOT, 'out', 'main')), ...walk(path.join(ROOT, 'out', 'preload'))]) {
    if (!/\.[cm]?js$/.test(file)) continue;
    for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(specifier)) {
      const parts = spec!.split('/');
      const name = spec!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
      if (spec!.startsWith('node:') || builtinModules.includes(name) || name === 'electron') continue;
      names.add(name);
    }
  }
  return [...names].sort();
}

/** The native files (addons and the libraries they link) loaded by importing `packages`, relative to the root. */
function loadedNatives(packages: string[]): string[] {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'tests', 'helpers', 'loadedNativesChild.ts'), ...packages],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const modules = path.join(ROOT, 'node_modules') + path.sep;
  return (JSON.parse(out) as string[])
    .filter((file) => file.startsWith(modules) && NATIVE_FILE.test(file))
    .map((file) => path.relative(ROOT, file).split(path.sep).join('/'));
}

/** The same file in another OS's folder (onnxruntime-node keeps one per OS: bin/napi-v6/<os>/<arch>/). */
const onOtherOs = (file: string, os: string) =>
  file
    .split('/')
    .map((part) => (part === 'linux' ? os : part))
    .join('/');

describe('installers (electron-builder.yml)', { timeout: 120_000 }, () => {
  let config: Configuration;
  /** Packages the built app imports, and the native files they load. */
  let imported: string[];
  let natives: string[];

  beforeAll(async () => {
    config = await builderConfig.getConfig(ROOT, null, null);
    // The packed app is what electron-vite builds: build it so the file checks look at real output.
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
    imported = builtImports();
    natives = loadedNatives(imported);
  });

  it('is accepted by electron-builder’s own loader and schema', async () => {
    await expect(builderConfig.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // A reverse-DNS id, as macOS bundle ids and Windows application ids must be.
    expect(config.appId).toMatch(/^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)+$/);
    // The installed app bears the name of the folder it keeps its library in (the CLI's default too).
    expect(path.basename(defaultDataDir({}, 'linux'))).toBe(config.productName);
    expect(path.basename(defaultDataDir({}, 'darwin'))).toBe(config.productName);
  });

  it("builds installers for each desktop OS with that OS's npm script, after building the app", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    for (const [os, platform] of [
      ['linux', config.linux],
      ['win', config.win],
      ['mac', config.mac],
    ] as const) {
      expect(([] as unknown[]).concat(platform?.target ?? []).length, `${os} has no installer target`).toBeGreaterThan(
        0,
      );
      // electron-vite's output is what gets packed: it is built first, then packed for that OS.
      const steps = manifest.scripts[`dist:${os}`]?.split('&&').map((step) => step.trim());
      expect(steps, `dist:${os}`).toEqual(['electron-vite build', `electron-builder --${os}`]);
    }
    expect(manifest.scripts.dist?.split('&&').map((step) => step.trim())).toEqual([
      'electron-vite build',
      'electron-builder',
    ]);
    expect(manifest.devDependencies['electron-builder']).toBeDefined();
    expect(manifest.dependencies['electron-builder']).toBeUndefined();
  });

  it("rebuilds for Electron's ABI the native addons that are not Node-API", () => {
    // A Node-API addon exports napi_register_module_v1 and loads in any runtime; another is tied to
    // the ABI it was compiled for, Node's here, and must be rebuilt for Electron's.
    const abiBound = natives.filter(
      (file) => file.endsWith('.node') && !fs.readFileSync(path.join(ROOT, file)).includes('napi_register_module_v1'),
    );
    expect(abiBound).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(config.npmRebuild).toBe(true);
  });

  it('unpacks from app.asar every production package that carries a native binary', () => {
    const unpack = globs(config.asarUnpack);
    const native = productionPackages().filter(
      (pkg) =>
        fs.existsSync(path.join(ROOT, pkg, 'binding.gyp')) ||
        filesOf(path.join(ROOT, pkg)).some((f) => NATIVE_FILE.test(f)),
    );
    // The walk finds every package whose binaries the app was seen to load (sharp's come in @img packages).
    for (const file of natives)
      expect(
        native.some((pkg) => file.startsWith(`${pkg}/`)),
        file,
      ).toBe(true);
    // sharp loads its @img binary by a path relative to itself: it is unpacked beside it.
    expect(matchesAny('node_modules/sharp/lib/sharp.js', unpack)).toBe(true);
    for (const pkg of native) {
      // The whole package, so a binary finds the libraries and data files beside it.
      expect(matchesAny(`${pkg}/package.json`, unpack), `${pkg} is not in asarUnpack`).toBe(true);
      for (const file of filesOf(path.join(ROOT, pkg)).filter((f) => NATIVE_FILE.test(f))) {
        expect(matchesAny(path.join(pkg, file), unpack), `${pkg}/${file} is not unpacked`).toBe(true);
      }
    }
  });

  it('unpacks the OCR weights, which ONNX Runtime opens with its own file calls', () => {
    const unpack = globs(config.asarUnpack);
    const assets = path.join('node_modules', '@gutenye', 'ocr-models', 'assets');
    const weights = fs.readdirSync(path.join(ROOT, assets));
    expect(weights.filter((f) => f.endsWith('.onnx'))).toHaveLength(3);
    for (const file of weights)
      expect(matchesAny(path.join(assets, file), unpack), `${file} is not unpacked`).toBe(true);
  });

  it('packs and unpacks every native file the built app loads, and leaves other platforms’ out', () => {
    const unpack = globs(config.asarUnpack);
    const linux = [...globs(config.files), ...globs(config.linux?.files)];
    // What importing the app's packages loaded here: sharp, onnxruntime-node, usearch and
    // better-sqlite3's addons, and the libraries they link (libvips, libonnxruntime).
    for (const pkg of ['sharp', 'onnxruntime-node', 'usearch', 'better-sqlite3']) expect(imported).toContain(pkg);
    expect(natives.filter((f) => f.endsWith('.node')).length).toBeGreaterThanOrEqual(4);
    expect(natives.some((f) => !f.endsWith('.node'))).toBe(true);
    for (const file of natives) {
      expect(excluded(file, linux), `${file} is filtered out`).toBe(false);
      expect(matchesAny(file, unpack), `${file} is not unpacked`).toBe(true);
      if (!file.split('/').includes('linux')) continue;
      for (const os of ['win32', 'darwin']) {
        expect(excluded(onOtherOs(file, os), linux), `${onOtherOs(file, os)} is packed for Linux`).toBe(true);
      }
    }
    // The `atelier` command's TypeScript runner is not part of the app.
    expect(imported).not.toContain('tsx');
    expect(excluded('node_modules/tsx/dist/cli.mjs', linux)).toBe(true);
  });

  it('packs the built main, preload, encoder, worker threads and renderer that the app loads', () => {
    const files = globs(config.files).filter((p) => !p.startsWith('!'));
    const built = appPaths({ appPath: ROOT, isPackaged: false, resourcesPath: '' });
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    for (const file of [
      manifest.main,
      built.preload,
      built.indexHtml,
      built.encoderEntry,
      built.ocrEntry,
      built.scanEntry,
    ]) {
      const relative = path.relative(ROOT, path.resolve(ROOT, file));
      expect(fs.existsSync(path.join(ROOT, relative)), `${relative} was not built`).toBe(true);
      expect(matchesAny(relative, files), `${relative} is not in files`).toBe(true);
    }
  });

  it('ships the resources folder where the packaged app looks for it', () => {
    const extra = ([] as unknown[]).concat(config.extraResources ?? []) as Array<{ from: string; to: string }>;
    const packaged = appPaths({ appPath: '/opt/Atelier/resources/app.asar', isPackaged: true, resourcesPath: '/R' });
    const shipped = extra.find((e) => path.join('/R', e.to) === packaged.resourcesDir);
    expect(shipped, 'no extraResources entry lands on the packaged resourcesDir').toBeDefined();
    for (const file of [VOCAB_FILE, MODEL_MANIFEST_FILE]) {
      expect(fs.existsSync(path.join(ROOT, shipped!.from, file)), `${file} missing from ${shipped!.from}`).toBe(true);
    }
  });
});
