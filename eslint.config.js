// @ts-check
/**
 * Lint: typescript-eslint's type-checked rules, React's rules of hooks in the
 * renderer, plus the layering of ARCHITECTURE.md made checkable.
 *
 * Layering is checked twice over:
 * - `no-restricted-imports` for what a layer may import by name: Node builtins,
 *   electron, ipcMain, node-only packages;
 * - `atelier/layers` (below) for relative imports between folders, since
 *   `no-restricted-imports` sees only the specifier's text and cannot tell where
 *   `../ipc` lands from a given file.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/** Which folders each layer may import from (relative imports), most specific layer first. */
const layers = [
  { layer: 'src/shared', may: ['src/shared'] },
  { layer: 'src/main/core', may: ['src/main/core', 'src/shared'] },
  { layer: 'src/main', may: ['src/main', 'src/shared'] },
  { layer: 'src/preload', may: ['src/preload', 'src/shared'] },
  { layer: 'src/renderer', may: ['src/renderer', 'src/shared'] },
  { layer: 'src/cli', may: ['src/cli', 'src/main/core', 'src/shared'] },
];

/**
 * Inside src/main/core, folders (and top-level files) in layers, lowest first: each may import
 * only from itself and from what comes before it, so no cycle can form between them. A new folder
 * must be placed here before it can import or be imported.
 */
const coreOrder = [
  'files', // content keys, which files may be read, image file names
  'colors', // colour maths: CIELAB, ΔE2000, palettes by k-means, colour matching
  'workers', // starting workers and their ports
  'events.ts',
  'api', // errors as the adapters send them, the handler table
  'catalog', // SQLite: files, embeddings, jobs, the change log, leases
  'browse', // the library in pages and its folder tree, without a query
  'formats', // decoders of the studio formats sharp does not read: PSD, TGA, HDR, SVG, Krita/OpenRaster, camera RAW
  'video', // frames of videos: ffmpeg, scene detection, which frames to keep
  'clip', // models, tokenizer, preprocessing, the encoder and its worker
  'ocr', // reading text in images: detection, recognition, decoding, and its worker
  'thumbnails',
  'vectors', // vector stores and keeping them in step with the catalog
  'settings',
  'models',
  'indexer',
  'organize', // tags, ratings, notes, collections: attached to the file row
  'text', // the full-text index of names, folders, text in images, prompts, tags, notes; rank fusion
  'search',
  'queryImages', // images uploaded to search by, and which images the API may read
  'shell', // show in folder, open
  'generate',
  'config.ts',
  'server',
  'host.ts',
  'handlers', // the contract's handlers over the services
  'app.ts', // the composition root
];

/** @param {string} file root-relative, inside src/main/core */
function coreRank(file) {
  const part = file.slice('src/main/core/'.length).split('/')[0] ?? '';
  const rank = coreOrder.indexOf(part.endsWith('.ts') ? part : part.replace(/\.[^.]*$/, ''));
  return { part, rank };
}

/** @param {string} file absolute */
function rootRelative(file) {
  return path.relative(root, file).split(path.sep).join('/');
}

/** @param {string} file root-relative */
function layerOf(file) {
  return layers.find(({ layer }) => file === layer || file.startsWith(`${layer}/`));
}

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Relative imports point down the layers of ARCHITECTURE.md only' },
    schema: [],
    messages: {
      crosses: '{{from}} may not import from {{to}} (ARCHITECTURE.md, Layers).',
      upwards:
        'core/{{from}} may not import from core/{{to}}, which comes after it in coreOrder (eslint.config.js): a cycle in the making.',
      unplaced: 'core/{{from}} or core/{{to}} has no place in coreOrder (eslint.config.js): give it one.',
    },
  },
  create(context) {
    const from = layerOf(rootRelative(context.filename));
    if (!from) return {};
    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = rootRelative(path.resolve(path.dirname(context.filename), source.value));
      const file = rootRelative(context.filename);
      if (file.startsWith('src/main/core/') && target.startsWith('src/main/core/')) {
        const a = coreRank(file);
        const b = coreRank(`${target}.ts`.replace(/\.ts\.ts$/, '.ts'));
        if (a.part === b.part.replace(/\.ts$/, '') || a.part === b.part) return;
        if (a.rank >= 0 && b.rank >= 0 && b.rank < a.rank) return;
        context.report({
          node: source,
          messageId: a.rank < 0 || b.rank < 0 ? 'unplaced' : 'upwards',
          data: { from: a.part, to: b.part },
        });
        return;
      }
      if (from.may.some((allowed) => target === allowed || target.startsWith(`${allowed}/`))) return;
      context.report({
        node: source,
        messageId: 'crosses',
        data: { from: from.layer, to: layerOf(target)?.layer ?? target },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const anyNodeBuiltin = `^(node:.*|(${nodeBuiltins.join('|')})(/.*)?)$`;

const ipcMainOnlyInIpc = {
  name: 'electron',
  importNames: ['ipcMain'],
  message:
    'Only src/main/index.ts takes ipcMain, to hand it to registerIpc (src/main/ipc.ts): handlers are derived from the contract there.',
};

/**
 * One `no-restricted-imports` setting per layer. ESLint replaces a rule's options
 * from one config object to the next rather than merging them, so every layer's
 * setting carries the ipcMain restriction too.
 * @param {{ regex: string; message: string }[]} patterns
 * @returns {import('eslint').Linter.RuleEntry}
 */
function restrictImports(...patterns) {
  return ['error', { paths: [ipcMainOnlyInIpc], patterns: patterns.map((p) => ({ ...p, caseSensitive: true })) }];
}

const noElectron = (/** @type {string} */ why) => ({ regex: '^electron(/.*)?$', message: why });
const noNode = (/** @type {string} */ why) => ({ regex: anyNodeBuiltin, message: why });

export default defineConfig(
  globalIgnores([
    'out/',
    'dist/',
    'node_modules/',
    'coverage/',
    'test-results/',
    'bin/',
    'src/main/core/workers/*.mjs',
    'tests/e2e/fixtures/',
    // Benchmark caches: bench:library's holds a million image files, which lint would walk.
    '**/.cache/',
  ]),

  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { atelier: { rules: { layers: layersRule } }, 'simple-import-sort': simpleImportSort },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Discriminated unions (job and dialog state) stay exhaustive as they grow.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      'atelier/layers': 'error',
      // One import order everywhere, fixed by `eslint --fix`: Node's builtins, packages, then relative
      // imports from the farthest folder to the nearest, alphabetical within each; side-effect imports
      // (a feature's CSS) last, in the order written, since their order is the cascade's.
      'simple-import-sort/imports': ['error', { groups: [['^node:', '^@?\\w', '^', '^\\.', '^\\u0000']] }],
      'simple-import-sort/exports': 'error',
      'no-restricted-imports': restrictImports(),
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='ipcMain']",
          message:
            'Only src/main/ipc.ts registers handlers, on the ipcMain it is given: they are derived from the contract.',
        },
      ],
    },
  },

  // Runtimes: Node everywhere but the renderer, which is a browser page.
  { files: ['**/*.{ts,js,mjs,cjs}'], languageOptions: { globals: globals.node } },
  { files: ['src/renderer/**'], languageOptions: { globals: globals.browser } },

  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': restrictImports({
        // Builtins and electron included: every bare specifier but zod.
        regex: '^(?!zod(/|$))[^./]',
        message: 'src/shared is compiled for every process, the renderer included: it may import only zod.',
      }),
    },
  },
  {
    files: ['src/main/core/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        noElectron('The core and the CLI run in plain Node (CLI, serve, tests): Electron belongs in src/main glue.'),
      ),
    },
  },
  {
    files: ['src/main/core/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message:
            'The core reads no environment: the CLI and Electron main read it and pass values in AtelierConfig or options.',
        },
      ],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        noNode('A sandboxed preload cannot load Node builtins; it only bridges IPC.'),
      ),
    },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        noNode('The renderer is an untrusted browser page: no Node. Ask main through the API.'),
        noElectron('The renderer reaches Electron only through window.atelier, in src/renderer/src/api/client.ts.'),
        {
          regex: '^(onnxruntime-node|sharp|better-sqlite3|tsx)(/|$)',
          message: 'Node-only package: the renderer is a browser page.',
        },
      ),
    },
  },
  {
    files: ['src/main/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The rules of hooks, and effects that name everything they read (a stale closure is a silent bug).
    files: ['src/renderer/**/*.{ts,tsx}'],
    extends: [reactHooks.configs['recommended-latest']],
    // An error, not the preset's warning: `npm run lint` passes with warnings, and then nobody sees them.
    rules: { 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['src/main/ipc.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },

  {
    files: ['tests/**', 'bench/**'],
    rules: {
      // `expect(obj.method).toHaveBeenCalled()` passes methods unbound on purpose.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
