import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('..', import.meta.url));

// Still named for the content "version" until the rename to "edition" gives them their XxxModel names.
const PENDING_RENAME = new Set<string>([]);

interface GraphQLClass {
  kind: 'ObjectType' | 'InputType';
  name: string;
  file: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every class decorated with @ObjectType or @InputType (the decorator may span lines; the class follows it). */
function graphqlClasses(): GraphQLClass[] {
  return sourceFiles(src).flatMap((path) => {
    const file = relative(src, path).split(sep).join('/');
    return [...readFileSync(path, 'utf8').matchAll(/@(ObjectType|InputType)\([^@]*?\)\s*export class (\w+)/g)].map(
      ([, kind, name]) => ({ kind: kind as GraphQLClass['kind'], name: name!, file }),
    );
  });
}

describe('GraphQL classes follow one naming convention (apps/api/README.md)', () => {
  const classes = graphqlClasses();
  const objectTypes = classes.filter((c) => c.kind === 'ObjectType' && !PENDING_RENAME.has(c.name));
  const inputs = classes.filter((c) => c.kind === 'InputType');

  it('finds the model and input classes', () => {
    expect(objectTypes.map((c) => c.name)).toEqual(expect.arrayContaining(['EvaluationModel', 'BoardModel', 'PersonModel']));
    expect(inputs.map((c) => c.name)).toEqual(expect.arrayContaining(['LoginInput', 'SaveSelfEvaluationInput']));
  });

  it('names object types XxxModel in models/*.model.ts', () => {
    const wrong = objectTypes.filter((c) => !c.name.endsWith('Model') || !/(^|\/)models\/[\w-]+\.model\.ts$/.test(c.file));
    expect(wrong).toEqual([]);
  });

  it('names inputs XxxInput in dto/*.input.ts', () => {
    const wrong = inputs.filter((c) => !c.name.endsWith('Input') || !/(^|\/)dto\/[\w-]+\.input\.ts$/.test(c.file));
    expect(wrong).toEqual([]);
  });

  it('lists only classes that still wait for their rename', () => {
    const names = new Set(classes.map((c) => c.name));
    expect([...PENDING_RENAME].filter((name) => !names.has(name))).toEqual([]);
  });
});
