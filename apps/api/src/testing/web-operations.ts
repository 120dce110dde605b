import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, visit, type ASTNode, type FragmentDefinitionNode } from 'graphql';

const WEB_DOCUMENTS = fileURLToPath(new URL('../../../web/src/graphql', import.meta.url));

const spreadsIn = (node: ASTNode): string[] => {
  const names: string[] = [];
  visit(node, { FragmentSpread: (spread) => void names.push(spread.name.value) });
  return names;
};

/** Every operation of the web app (apps/web/src/graphql), each with the fragments it uses, as the client sends it. */
export function webOperations(): { name: string; source: string }[] {
  const files = readdirSync(WEB_DOCUMENTS).filter((f) => f.endsWith('.graphql'));
  const all = parse(files.map((f) => readFileSync(join(WEB_DOCUMENTS, f), 'utf8')).join('\n'));
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of all.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return all.definitions.flatMap((op) => {
    if (op.kind !== Kind.OPERATION_DEFINITION) return [];
    const used = new Map<string, FragmentDefinitionNode>();
    const pending = spreadsIn(op);
    while (pending.length) {
      const name = pending.pop()!;
      if (used.has(name)) continue;
      const fragment = fragments.get(name)!;
      used.set(name, fragment);
      pending.push(...spreadsIn(fragment));
    }
    return [{ name: op.name?.value ?? '(anonymous)', source: print({ kind: Kind.DOCUMENT, definitions: [op, ...used.values()] }) }];
  });
}
