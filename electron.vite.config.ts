/**
 * Builds the three Electron targets into out/: main (the app, the encoder's
 * utilityProcess entry, and the OCR and scan worker threads' entries), the sandboxed preload, and the React renderer.
 */
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src/main/csp';

const fromRoot = (file: string): string => path.resolve(import.meta.dirname, file);

/** Native addons load their .node binaries relative to their own package: never bundle them. */
const nativeModules = ['onnxruntime-node', 'sharp', 'better-sqlite3'];

/** Fails the renderer build when index.html's CSP meta tag drifts from the header main sends. */
function cspMetaInStep(): Plugin {
  return {
    name: 'atelier:csp-meta-in-step',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
        const content = meta?.[1]?.replace(/\s+/g, ' ').trim();
        if (content !== CONTENT_SECURITY_POLICY) {
          throw new Error(
            `src/renderer/index.html's Content-Security-Policy must be exactly src/main/csp.ts's:\n  ${CONTENT_SECURITY_POLICY}\nfound:\n  ${content ?? '(no meta tag)'}`,
          );
        }
        return html;
      },
    },
  };
}

/**
 * In development @vitejs/plugin-react inlines React Refresh's preamble, which
 * `script-src 'self'` blocks. main.tsx imports the same preamble as a module
 * (`@vitejs/plugin-react/preamble`), so the inline copy is dropped: the dev
 * server then runs under the production CSP.
 */
function preambleAsModule(): Plugin {
  return {
    name: 'atelier:react-preamble-as-module',
    apply: 'serve',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        html.replace(/<script type="module">\s*import \{ injectIntoGlobalHook \}[\s\S]*?<\/script>\s*/, ''),
    },
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: fromRoot('src/main/index.ts'),
          encoderUtility: fromRoot('src/main/encoderUtility.ts'),
          ocrThread: fromRoot('src/main/core/ocr/ocrThread.ts'),
          scanThread: fromRoot('src/main/core/indexer/scanThread.ts'),
        },
        external: [...nativeModules, new RegExp(`^(${nativeModules.join('|')})/`)],
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only electron and a few builtins: bundle the rest (zod included).
      externalizeDeps: false,
      rollupOptions: {
        input: { index: fromRoot('src/preload/index.ts') },
        // Sandboxed preloads cannot be ESM; .cjs because package.json says "type": "module".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: fromRoot('src/renderer'),
    build: {
      rollupOptions: { input: fromRoot('src/renderer/index.html') },
    },
    plugins: [react(), cspMetaInStep(), preambleAsModule()],
  },
});
