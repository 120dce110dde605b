// @vitest-environment node
import { generate } from '@graphql-codegen/cli';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

const webRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('generated GraphQL types', () => {
  it('match the committed API schema and the documents (run `npm run codegen -w @hyoka/web` when this fails)', async () => {
    const schema = '../api/schema.graphql';
    const outputs = (await generate({ ...config, schema, cwd: webRoot, silent: true }, false)) as { filename: string; content: string }[];
    const generated = outputs.find((o) => o.filename.endsWith('src/gql/generated.ts'));
    expect(generated, 'codegen produced src/gql/generated.ts').toBeDefined();
    const committed = readFileSync(new URL('./generated.ts', import.meta.url), 'utf8');
    expect(committed).toBe(generated!.content);
  });
});
