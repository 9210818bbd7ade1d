/**
 * The project's folder (package.json, resources/), found upward from this
 * module: the same answer whether the command runs from the sources or from
 * the bundle bin/atelier.js makes of them in out/cli.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function projectRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'resources'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No project folder (package.json and resources/) above ${from}`);
  }
}
