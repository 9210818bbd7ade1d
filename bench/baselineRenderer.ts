/**
 * The renderer as it was at another commit, built for comparison in the same
 * run: its sources are taken from git into a temporary folder (the current
 * node_modules linked in) and built the way `atelier serve` builds them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureRendererBuild } from '../src/main/core/server/rendererBuild';

/** What the renderer build reads (see rendererBuild.ts), plus the TypeScript configs esbuild looks at. */
const SOURCES = [
  'src/renderer',
  'src/shared',
  'src/main/csp.ts',
  'electron.vite.config.ts',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.web.json',
  'tsconfig.node.json',
];

/** Builds the renderer of `ref` and returns a folder holding that build (the caller removes it). */
export async function buildRendererAt(root: string, ref: string): Promise<string> {
  const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-baseline-src-'));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-baseline-web-'));
  try {
    const archive = execFileSync('git', ['archive', '--format=tar', ref, ...SOURCES], { cwd: root });
    execFileSync('tar', ['-x', '-C', checkout], { input: archive });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(checkout, 'node_modules'));
    // The build cache is shared through the link; copy this build out before the next one prunes it.
    const build = await ensureRendererBuild(checkout);
    fs.cpSync(build.dir, out, { recursive: true });
    return out;
  } finally {
    fs.rmSync(checkout, { recursive: true, force: true });
  }
}
