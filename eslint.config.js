import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'generated/**', 'node_modules/**', 'data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['flows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/bot/**', '**/core/**', '!**/core/domain.js', '**/desk/**', '@prisma/*', 'i18next', 'botbuilder*', '**/generated/**'] }],
    },
  },
  {
    // The desk reaches shoppers only through the ShopperMessenger the bot layer implements.
    files: ['desk/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['botbuilder*', 'botframework-*', '**/bot/**', '**/flows/**'] }],
    },
  },
  {
    // The chat widget's browser script (served as is, no build step).
    files: ['bot/widget/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        ['window', 'document', 'navigator', 'location', 'sessionStorage', 'fetch', 'URL', 'URLSearchParams', 'setInterval', 'clearInterval'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Plain-JavaScript scripts that run before anything is compiled (or without dev tools).
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', fetch: 'readonly', setTimeout: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
);
