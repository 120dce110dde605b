import type { CodegenConfig } from '@graphql-codegen/cli';

/** `npm run codegen -w @hyoka/web`: the client's types from the API's committed schema and src/graphql/*.graphql. */
const config: CodegenConfig = {
  // HYOKA_SCHEMA points at another copy of the schema (e.g. one the API just wrote); the committed file is the default.
  schema: process.env['HYOKA_SCHEMA'] ?? '../api/schema.graphql',
  documents: ['src/graphql/**/*.graphql'],
  generates: {
    'src/gql/generated.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
        avoidOptionals: { field: true, inputValue: false, object: true },
      },
    },
  },
};

export default config;
