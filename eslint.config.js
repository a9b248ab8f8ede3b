// ESLint for Bao: typescript-eslint's rules that need no type information (typed linting is too slow
// for this machine), plus the layer rules that say which folder may import which. The layer messages
// start with "layers:" so a failing CI line names the rule it broke; CONTRIBUTING.md has the same
// table in prose.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** An import source that reaches the repo's top-level `folder`, relatively or through WXT's aliases. */
const reaches = (folder) => `^(?:(?:\\.\\./)+|[@~]{1,2}/)${folder}(?:/|$)`;

const layer = (folder, message) => ({ regex: reaches(folder), message: `layers: ${message}` });

const libUp = [
  layer('components', 'lib/ must not import components/ (UI depends on lib, never the reverse)'),
  layer('entrypoints', 'lib/ must not import entrypoints/ (entrypoints wire lib together, never the reverse)'),
  layer('hooks', 'lib/ must not import hooks/ (hooks use lib, never the reverse)'),
];

const BROWSER_API = 'components/ must not use browser APIs; the entrypoint or container passes data in as props';

export default defineConfig([
  globalIgnores([
    '.output*/',
    '.wxt/',
    'node_modules/',
    'reports/',
    'test-results*/',
    'playwright-report/',
    'bench/out/',
    'bench/tmp/',
    'screenshots/',
    'sandbox/miso/static/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: {
        // Browser, worker and Node globals alike: each layer's own rules decide what it may touch.
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        navigator: 'readonly',
        console: 'readonly',
        process: 'readonly',
      },
    },
    rules: {
      // TypeScript checks undefined names better than ESLint can without type information.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Overlay features are a heterogeneous list (`OverlayFeature<any>[]`); tests build partial fakes.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      eqeqeq: ['error', 'smart'],
      'prefer-const': 'error',
    },
  },
  {
    // Playwright's fixtures take their dependencies by destructuring; `{}` means "none".
    files: ['tests/e2e/**', 'tests/firefox/**'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  {
    files: ['lib/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: libUp }] },
  },
  {
    // Hooks connect components to the background and storage: they may use lib/ and the types of components/.
    files: ['hooks/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: reaches('components'),
              allowTypeImports: true,
              message: 'layers: hooks/ import only types from components/ (an entrypoint renders the component)',
            },
            layer('entrypoints', 'hooks/ must not import entrypoints/'),
          ],
        },
      ],
    },
  },
  {
    files: ['components/**'],
    rules: {
      // The globals a component could reach the browser or the network through without an import.
      'no-restricted-globals': [
        'error',
        ...['chrome', 'browser'].map((name) => ({ name, message: `layers: ${BROWSER_API}` })),
        ...['fetch', 'XMLHttpRequest'].map((name) => ({
          name,
          message: 'layers: components/ make no requests; the background is the only network client',
        })),
        ...['localStorage', 'sessionStorage', 'indexedDB'].map((name) => ({
          name,
          message: 'layers: components/ must not touch storage; lib/storage.ts and lib/db.ts own it',
        })),
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'wxt/browser', message: `layers: ${BROWSER_API}` },
            { name: 'webextension-polyfill', message: `layers: ${BROWSER_API}`, allowTypeImports: true },
            {
              name: 'wxt/utils/storage',
              message: 'layers: components/ must not touch storage; lib/storage.ts owns it',
            },
          ],
          patterns: [
            {
              regex: '(?:^|/)lib/storage$',
              allowTypeImports: true,
              message:
                'layers: components/ must not import lib/storage (it owns browser storage); import types, or pure helpers from lib/settings-schema',
            },
            {
              regex: '(?:^|/)lib/db(?:\\.ts)?$',
              allowTypeImports: true,
              message: 'layers: components/ must not import lib/db (IndexedDB belongs to the background and lib/)',
            },
            {
              regex: '(?:^|/)lib/messages(?:/|$)',
              allowTypeImports: true,
              message:
                'layers: components/ must not import lib/messages (containers send messages; components get props)',
            },
            layer('entrypoints', 'components/ must not import entrypoints/'),
            layer('hooks', 'components/ must not import hooks/ (they reach storage and messages; take props instead)'),
          ],
        },
      ],
    },
  },
  {
    // One module owns browser storage; everything else goes through it.
    files: ['lib/**', 'entrypoints/**'],
    ignores: ['lib/storage.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='browser'][property.name='storage']",
          message: 'layers: only lib/storage.ts touches browser.storage; add a named function there',
        },
        {
          selector: "ImportDeclaration[source.value='wxt/utils/storage']",
          message: 'layers: only lib/storage.ts imports wxt/utils/storage; add a named function there',
        },
      ],
    },
  },
  {
    files: ['sandbox/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: reaches('lib'),
              allowTypeImports: true,
              message:
                'layers: sandbox/ imports only types from lib/ (a stand-in writes its formats itself, so it can catch Bao misreading them)',
            },
            layer('components', 'sandbox/ must not import components/'),
            layer('entrypoints', 'sandbox/ must not import entrypoints/'),
          ],
        },
      ],
    },
  },
  {
    files: ['entrypoints/jira.content/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(?:^|/)lib/miso(?:/|$)',
              message: "layers: Jira's content script reads Jira pages only through lib/jira/ (not lib/miso/)",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['entrypoints/miso.content/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(?:^|/)lib/jira(?:/|$)',
              message: "layers: MISO's content script reads MISO pages only through lib/miso/ (not lib/jira/)",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer('components', 'server/ may import lib/ but not components/'),
            layer('entrypoints', 'server/ may import lib/ but not entrypoints/'),
          ],
        },
      ],
    },
  },
]);
