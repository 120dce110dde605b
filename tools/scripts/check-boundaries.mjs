#!/usr/bin/env node
// `npm test` runs this first: it fails when a library imports what its type: tag forbids.
import { createProjectGraphAsync } from 'nx/src/devkit-exports.js';
import { findViolations } from './boundaries.mjs';

process.env.NX_DAEMON ??= 'false';
const graph = await createProjectGraphAsync({ exitOnError: true });
const projects = Object.fromEntries(Object.entries(graph.nodes));
const problems = findViolations({ nodes: projects, dependencies: graph.dependencies });
if (problems.length) {
  console.error(`Module boundaries: ${problems.length} violation(s)`);
  for (const p of problems) console.error(`  ✗ ${p}`);
  process.exit(1);
}
console.log(`Module boundaries: ${Object.keys(projects).length} projects checked, no violations.`);
