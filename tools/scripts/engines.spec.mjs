import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8'));
const declared = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).engines.node;

// `npm ci` warns EBADENGINE for every installed package whose engines exclude the running Node. Every Node line the
// root's `engines` admits (its lowest version per major) must satisfy every package of the lockfile.
const lowestPerMajor = semver
  .validRange(declared)
  .split('||')
  .map((range) => semver.minVersion(range.trim()).version);

describe('the lockfile installs without EBADENGINE on every Node the root declares', () => {
  it.each(lowestPerMajor)('Node %s', (node) => {
    const refusing = Object.entries(lock.packages)
      .filter(([, entry]) => typeof entry.engines?.node === 'string' && !semver.satisfies(node, entry.engines.node))
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${entry.engines.node}`);
    expect(refusing).toEqual([]);
  });
});
