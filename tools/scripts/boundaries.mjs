// Module boundaries of the Hyoka workspace, checked against Nx's project graph (which reads every source import).
// Each project carries exactly one `type:` tag in its package.json `nx.tags`; the table says what that type may import.

/** Test tooling any project's specs may import. */
const TEST_TOOLS = ['vitest', 'fast-check'];

/** @type {Record<string, { libs: string[] | '*', npm: string[] | '*' }>} */
export const RULES = {
  // the event-store port: pure types and errors
  'type:port': { libs: [], npm: [] },
  // the plan catalogue as data
  'type:data': { libs: [], npm: [] },
  // the evaluation rules: pure TypeScript, no framework, no database, no I/O
  'type:domain': { libs: ['type:data', 'type:domain'], npm: [] },
  // the store contract suite
  'type:testing': { libs: ['type:port'], npm: [] },
  // the one command path (read → upcast → fold → decide → append): the port and the domain, no framework, no driver
  'type:application': { libs: ['type:port', 'type:domain'], npm: [] },
  // store adapters: the port plus their own driver (their specs run the contract suite)
  'type:adapter': { libs: ['type:port', 'type:testing'], npm: ['better-sqlite3', '@types/better-sqlite3', '@kurrent/kurrentdb-client'] },
  // read models: SQLite tables fed from the store
  // (their test scenarios write through the command path)
  'type:read-model': { libs: ['type:port', 'type:domain', 'type:data', 'type:application', 'type:testing'], npm: ['better-sqlite3', '@types/better-sqlite3'] },
  // a file format of the plan (the Excel workbook): the catalogue's and the domain's types plus its own file library
  'type:format': { libs: ['type:data', 'type:domain'], npm: ['exceljs'] },
  'type:app': {
    libs: ['type:port', 'type:domain', 'type:data', 'type:application', 'type:adapter', 'type:read-model', 'type:format', 'type:testing'],
    npm: '*',
  },
  'type:tool': { libs: '*', npm: '*' },
};

const typeOf = (tags) => (tags ?? []).filter((t) => t.startsWith('type:'));

/**
 * @param {{ nodes: Record<string, { data: { tags?: string[] } }>, dependencies: Record<string, { target: string, type?: string }[]> }} graph
 * @returns {string[]} one line per violation
 */
export function findViolations(graph, rules = RULES) {
  const problems = [];
  for (const [name, node] of Object.entries(graph.nodes)) {
    const types = typeOf(node.data.tags);
    if (types.length !== 1) {
      problems.push(`${name}: needs exactly one type: tag, has ${types.length ? types.join(', ') : 'none'}`);
      continue;
    }
    const rule = rules[types[0]];
    if (!rule) {
      problems.push(`${name}: no boundary rule for ${types[0]}`);
      continue;
    }
    for (const { target, type } of graph.dependencies[name] ?? []) {
      // an implicit dependency orders builds (e.g. the browser tests need the API built); it is no import
      if (type === 'implicit') continue;
      if (target.startsWith('npm:')) {
        const pkg = target.slice(4);
        if (TEST_TOOLS.includes(pkg) || rule.npm === '*' || rule.npm.includes(pkg)) continue;
        problems.push(`${name} (${types[0]}) may not import the package ${pkg}`);
      } else if (graph.nodes[target]) {
        const targetType = typeOf(graph.nodes[target].data.tags)[0] ?? '(untagged)';
        if (rule.libs === '*' || rule.libs.includes(targetType)) continue;
        problems.push(`${name} (${types[0]}) may not import ${target} (${targetType})`);
      }
    }
  }
  return problems;
}
