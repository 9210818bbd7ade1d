/**
 * The project's npm configuration, through the real npm: `npx atelier` prints
 * no warning about the project's .npmrc, and npm's scripts (onnxruntime-node's
 * install script among them) see ONNXRUNTIME_NODE_INSTALL=skip, so installing
 * downloads no CUDA libraries unless the environment asks for them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function npmExec(args: string[], env: NodeJS.ProcessEnv = {}) {
  const clean = { ...process.env };
  // The test runner's own npm may have set these; the check is of what the project's config gives.
  delete clean.ONNXRUNTIME_NODE_INSTALL;
  delete clean.NODE_OPTIONS;
  for (const key of Object.keys(clean)) if (key.toLowerCase().startsWith('npm_config_')) delete clean[key];
  return run(npm, args, { cwd: ROOT, env: { ...clean, ...env }, shell: process.platform === 'win32' });
}

describe('npm configuration', { timeout: 60_000 }, () => {
  it('runs `npx atelier` without a warning about the project config', async () => {
    const { stdout, stderr } = await npmExec(['exec', '--', 'atelier', '--help']);
    expect(stdout).toMatch(/^atelier: find any image/);
    expect(stderr).not.toMatch(/npm warn/i);
  });

  it('tells install scripts to skip the CUDA download, unless the environment asks for it', async () => {
    const script = ['exec', '-c', 'node -p process.env.ONNXRUNTIME_NODE_INSTALL'];
    expect((await npmExec(script)).stdout.trim()).toBe('skip');
    expect((await npmExec(script, { ONNXRUNTIME_NODE_INSTALL: 'cuda12' })).stdout.trim()).toBe('cuda12');
  });
});
