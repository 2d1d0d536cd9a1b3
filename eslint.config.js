import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The marketplace's directory is reached only through its port (core/directory/directory.ts).
// Its adapters and the reference server are picked by the composition root, nowhere else.
const DIRECTORY_ADAPTERS = {
  group: ['**/directory/embedded/**', '**/directory/http/**', '**/directory/reference/**', '**/directory/create-directory.js'],
  message: 'Use the Directory port (core/directory/directory.ts); only bot/app.ts and bot/main.ts choose an adapter.',
};
const PRISMA_DELEGATE_METHODS =
  'findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany|count|aggregate|groupBy';
// The Account and Order tables are the embedded directory's own: nothing else queries them.
const DIRECTORY_TABLES_MESSAGE = 'The Account and Order tables belong to the embedded directory (core/directory/embedded/, core/import/): use the Directory port.';
const DIRECTORY_TABLES = [
  {
    selector: `CallExpression[callee.type='MemberExpression'][callee.object.type='MemberExpression'][callee.object.property.name=/^(account|order)$/][callee.property.name=/^(${PRISMA_DELEGATE_METHODS})$/]`,
    message: DIRECTORY_TABLES_MESSAGE,
  },
  { selector: 'TemplateElement[value.raw=/"(Account|Order)"/]', message: DIRECTORY_TABLES_MESSAGE },
  { selector: 'Literal[value=/"(Account|Order)"/]', message: DIRECTORY_TABLES_MESSAGE },
];

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
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['botbuilder*', 'botframework-*', '**/bot/**', '**/flows/**'], message: 'The desk never imports the Bot Framework, bot/ or flows/.' }, DIRECTORY_ADAPTERS] },
      ],
    },
  },
  {
    files: ['bot/**/*.ts', 'core/**/*.ts'],
    ignores: ['core/directory/**', 'bot/app.ts', 'bot/main.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DIRECTORY_ADAPTERS] }] },
  },
  {
    files: ['bot/**/*.ts', 'core/**/*.ts', 'desk/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['core/directory/embedded/**', 'core/import/**'],
    rules: { 'no-restricted-syntax': ['error', ...DIRECTORY_TABLES] },
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
