/**
 * The installer configuration, checked as far as this can be done without
 * building installers (that needs Electron's binaries): electron-builder's own
 * loader and schema accept electron-builder.yml; every installed production
 * package with a native binary is unpacked from app.asar and not filtered out;
 * the files the app loads at run time are packed; the resources ship where
 * the packaged app looks for them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_MANIFEST_FILE, VOCAB_FILE } from '../../src/main/core/config';
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

describe('installers (electron-builder.yml)', { timeout: 120_000 }, () => {
  let config: Configuration;

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
  });

  it('is accepted by electron-builder’s own loader and schema', async () => {
    await expect(builderConfig.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.appId).toBe('app.atelier.desktop');
    expect(config.productName).toBe('Atelier');
  });

  it('makes an AppImage and a deb on Linux, an NSIS installer on Windows and a dmg on macOS', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.npmRebuild).toBe(true);
  });

  it('unpacks from app.asar every production package that carries a native binary', () => {
    const unpack = globs(config.asarUnpack);
    const native = productionPackages().filter(
      (pkg) =>
        fs.existsSync(path.join(ROOT, pkg, 'binding.gyp')) ||
        filesOf(path.join(ROOT, pkg)).some((f) => NATIVE_FILE.test(f)),
    );
    // The ones the app is known to load; sharp's binary and libvips come in an @img package per platform.
    for (const known of ['onnxruntime-node', 'better-sqlite3', 'usearch']) {
      expect(native).toContain(path.join('node_modules', known));
    }
    expect(native.filter((p) => p.startsWith(path.join('node_modules', '@img', 'sharp-'))).length).toBeGreaterThan(0);
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

  it('packs the Linux binaries the app loads and leaves other platforms’ out', () => {
    const linux = [...globs(config.files), ...globs(config.linux?.files)];
    for (const binary of [
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
      'node_modules/usearch/prebuilds/linux-x64/usearch.node',
      'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node',
    ]) {
      expect(fs.existsSync(path.join(ROOT, binary)), binary).toBe(true);
      expect(excluded(binary, linux), `${binary} is filtered out`).toBe(false);
    }
    expect(excluded('node_modules/onnxruntime-node/bin/napi-v6/win32/x64/onnxruntime_binding.node', linux)).toBe(true);
    expect(excluded('node_modules/tsx/dist/cli.mjs', linux)).toBe(true);
  });

  it('packs the built main, preload, encoder and renderer that the app loads', () => {
    const files = globs(config.files).filter((p) => !p.startsWith('!'));
    const built = appPaths({ appPath: ROOT, isPackaged: false, resourcesPath: '' });
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    for (const file of [manifest.main, built.preload, built.indexHtml, built.encoderEntry]) {
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

  it('has the npm scripts that build the installers, with electron-builder a dev dependency', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(manifest.scripts.dist).toBe('electron-vite build && electron-builder');
    expect(manifest.scripts['dist:linux']).toBe('electron-vite build && electron-builder --linux');
    expect(manifest.scripts['dist:win']).toBe('electron-vite build && electron-builder --win');
    expect(manifest.scripts['dist:mac']).toBe('electron-vite build && electron-builder --mac');
    expect(manifest.devDependencies['electron-builder']).toBeDefined();
    expect(manifest.dependencies['electron-builder']).toBeUndefined();
  });
});
