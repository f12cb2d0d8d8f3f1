import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'bench/results.json', 'coverage/', 'console/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['*.js'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // What runs in AWS never reaches the local stack, the demo's signers (local/signers) or the tests.
    files: ['lambdas/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/local/*', '**/test/*'], message: 'lambdas/ and shared/ are bundled into the functions: local/ and test/ are for this machine only.' },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  // Imports point inward: adapters and the HTTP layer --> use cases --> domain (docs/architecture.md#import-rules).
  {
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./', message: 'shared/domain imports nothing outside shared/domain: values in, decisions out.' },
            { regex: '^(@aws-sdk/|@aws-lambda-powertools/|@middy/|aws-lambda$|aws-cdk-lib)', message: 'shared/domain is pure: no AWS, no Lambda.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/ports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./(?!domain/)', message: "Ports import only the domain's types (and other ports)." },
            { regex: '^(@aws-sdk/|@aws-lambda-powertools/|@middy/|aws-lambda$)', message: 'Ports say what is needed, not how AWS does it.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/use-cases/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(adapters|config)/',
              message: 'Use cases reach outside systems through ports (shared/ports), never through adapters or their wiring.',
            },
            { regex: '(^|/)infra/', message: 'Use cases know nothing of the infrastructure.' },
            { regex: '(^|/)http/', message: 'The HTTP layer (shared/http) calls use cases, not the other way round: return a result or throw a RefusedError.' },
            { regex: '^(@aws-sdk/|@middy/|aws-lambda$)', message: 'Use cases reach AWS through ports.' },
          ],
        },
      ],
    },
  },
);
