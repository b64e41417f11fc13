// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../channels/*', '../../channels/*', '../web/*', '../../web/*'], message: 'core modules never import channels or web (DESIGN.md)' },
        ],
      }],
    },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../core/*', '../channels/*', '../web/*', '../cli/*', '../main.js', '../wiring.js'], message: 'the store depends on no layer above it (DESIGN.md); shared message types are in src/messages.ts' },
        ],
      }],
    },
  },
  {
    files: ['src/main.ts', 'src/cli.ts', 'src/cli/chat.ts', 'src/cli/operator-errors.ts', 'src/channels/**/*.ts', 'src/web/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
