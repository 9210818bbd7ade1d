#!/usr/bin/env node
// The `atelier` command runs straight from the TypeScript sources: no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
