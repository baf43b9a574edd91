// @ts-check
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/ (docs/architecture.md): a module imports another one only through its index.ts,
 * and only sideways or down the layers. A new folder under src/ fails the lint until it is given a
 * layer here (boundaries/no-unknown-files).
 */
const INFRASTRUCTURE = ['common', 'config', 'database', 'event-bus', 'logging', 'mail', 'metrics', 'rate-limit'];
const FEATURES = [
  'account-events',
  'account-transfer',
  'audit',
  'auth',
  'devices',
  'events',
  'health',
  'keys',
  'monitoring',
  'openapi',
  'operations',
  'pages',
  'snapshots',
  'stores',
];

const elements = [
  ...INFRASTRUCTURE.map((name) => ({ type: 'infrastructure', pattern: `src/${name}`, partialMatch: false })),
  { type: 'generated', pattern: 'src/generated', partialMatch: false },
  ...FEATURES.map((name) => ({ type: 'feature', pattern: `src/${name}`, partialMatch: false })),
  // Composition roots: the operator CLIs' (src/cli, scripts/); the HTTP app's are the files directly in src/ (APP_FILES).
  { type: 'cli', pattern: 'src/cli', partialMatch: false },
  { type: 'script', pattern: 'scripts', partialMatch: false },
];
const APP_FILES = [{ category: 'app', pattern: 'src/*.ts' }];
const appFile = (files = '*.ts') => ({ file: { categories: 'app', path: `src/${files}` } });

const COMPOSITION_ROOTS = ['cli', 'script'];
const layer = (types) => ({ element: { type: types } });

export default defineConfig(
  { ignores: ['dist/', 'src/generated/', 'data/', 'bench-results/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    rules: {
      // An unused name starting with _ is deliberate (a parameter a signature requires, a key left out of a rest copy).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/pages/assets/**/*.js', 'src/openapi/assets/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/files': APP_FILES,
      'import/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          checkUnknownLocals: true,
          policies: [
            // (a) Another module is entered through its index.ts only; the generated Prisma client through client.ts.
            {
              disallow: { to: { element: { type: ['infrastructure', 'feature', 'cli'], fileInternalPath: '!index.ts' } } },
              message: 'Deep import: take {{to.internalPath}} from the index.ts of {{to.element.path}}, or export it there',
            },
            {
              disallow: { to: { element: { type: 'generated', fileInternalPath: '!prisma/client.ts' } } },
              message: 'Import the generated Prisma client through src/generated/prisma/client',
            },
            // (b) No import up the layers: infrastructure → feature → composition root.
            {
              from: layer('infrastructure'),
              disallow: { to: [layer(['feature', ...COMPOSITION_ROOTS]), appFile()] },
              message:
                'Infrastructure ({{from.element.path}}) must not import a feature or a composition root ({{dependency.source}}): move the shared piece down',
            },
            {
              from: layer('feature'),
              disallow: { to: [layer(COMPOSITION_ROOTS), appFile()] },
              message: 'A feature ({{from.element.path}}) must not import a composition root ({{dependency.source}})',
            },
            {
              from: layer('cli'),
              disallow: { to: appFile('{app.module,main}.ts') },
              message:
                'The CLI composes its own modules (core-modules.ts + the features it names); it must not import the HTTP app ({{dependency.source}})',
            },
          ],
        },
      ],
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    // Tests may reach into any module.
    files: ['**/*.spec.ts'],
    rules: { 'boundaries/dependencies': 'off' },
  },
  {
    // The server and its scripts never depend on test code (unit specs included: they build what they need).
    files: ['src/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/test/**'], message: 'src/ and scripts/ do not import test/' }] }],
    },
  },
  {
    // Tests build their own data: the benchmark's generators are not a test fixture.
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/scripts/**'], message: 'test/ does not import scripts/' }] }] },
  },
);
