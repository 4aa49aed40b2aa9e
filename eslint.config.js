import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeIo = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http', 'child_process', 'node:child_process'];
const outer = ['**/server/**', '**/persistence/**', '**/adapters/**', '**/app/**'];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'bench/out', 'data', 'web/dist', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The layering of docs/architecture.md: the pure core never reaches out.
    files: ['src/domain/**/*.ts', 'src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeIo, patterns: outer }],
    },
  },
  {
    // The browser trainer talks to the server only over HTTP + WS: no server code, no Node modules.
    files: ['web/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/*', '../../**', 'node:*'], message: 'web/ reaches the server only over HTTP + WS' }] }],
    },
  },
);
