/**
 * The renderer `atelier serve` sends is React's production build whatever the
 * NODE_ENV of the process that built it: vitest runs with NODE_ENV=test, which
 * vite would otherwise write into the bundle, and the cache would then serve
 * React's development build (several times slower per render) to everyone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureRendererBuild } from '../../src/main/core/server/rendererBuild';
import { ROOT } from '../helpers/paths';

describe('the renderer build', () => {
  it('is a production build even from a process with NODE_ENV=test', { timeout: 180_000 }, async () => {
    expect(process.env.NODE_ENV).toBe('test');
    const build = await ensureRendererBuild(ROOT);
    const assets = path.join(build.dir, 'assets');
    const code = fs
      .readdirSync(assets)
      .filter((name) => name.endsWith('.js'))
      .map((name) => fs.readFileSync(path.join(assets, name), 'utf8'))
      .join('\n');
    // React's own messages: the development build warns about keys and runs JSX through jsxDEV;
    // the production build only points to its error decoder.
    const has = (text: string) => code.includes(text);
    expect({
      productionErrors: has('Minified React error'),
      keyWarning: has('Each child in a list should have a unique'),
      jsxDev: has('jsxDEV'),
    }).toEqual({ productionErrors: true, keyWarning: false, jsxDev: false });
  });
});
