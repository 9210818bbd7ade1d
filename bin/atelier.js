#!/usr/bin/env node
// The `atelier` command: its TypeScript sources, bundled on first use and after each change
// (cliBundle.js), or run through tsx where no bundle can be made or ATELIER_FROM_SOURCE is set.
import { pathToFileURL } from 'node:url';
import { bundledCli } from './cliBundle.js';

const bundle = process.env.ATELIER_FROM_SOURCE ? null : await bundledCli();
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
