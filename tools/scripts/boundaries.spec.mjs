import { describe, expect, it } from 'vitest';
import { findViolations } from './boundaries.mjs';

const node = (...tags) => ({ data: { tags } });
const graph = (deps) => ({
  nodes: {
    domain: node('type:domain'),
    port: node('type:port'),
    data: node('type:data'),
    sqlite: node('type:adapter'),
    api: node('type:app'),
  },
  dependencies: { domain: [], port: [], data: [], sqlite: [], api: [], ...deps },
});

describe('module boundaries', () => {
  it('accepts the intended layering', () => {
    const g = graph({
      domain: [{ target: 'data' }, { target: 'npm:vitest' }],
      sqlite: [{ target: 'port' }, { target: 'npm:better-sqlite3' }],
      api: [{ target: 'domain' }, { target: 'sqlite' }, { target: 'npm:@nestjs/core' }],
    });
    expect(findViolations(g)).toEqual([]);
  });

  it('refuses a framework, a driver or an adapter in the domain', () => {
    const g = graph({
      domain: [{ target: 'npm:@nestjs/common' }, { target: 'npm:better-sqlite3' }, { target: 'sqlite' }],
    });
    expect(findViolations(g)).toEqual([
      'domain (type:domain) may not import the package @nestjs/common',
      'domain (type:domain) may not import the package better-sqlite3',
      'domain (type:domain) may not import sqlite (type:adapter)',
    ]);
  });

  it('refuses a driver in the port and an app in a library', () => {
    const g = graph({ port: [{ target: 'npm:@kurrent/kurrentdb-client' }, { target: 'api' }] });
    expect(findViolations(g)).toHaveLength(2);
  });

  it('ignores implicit (build-order) dependencies but not imports between apps', () => {
    const g = graph({ api: [{ target: 'domain' }] });
    g.nodes.web = node('type:app');
    g.dependencies.web = [{ target: 'api', type: 'implicit' }];
    expect(findViolations(g)).toEqual([]);
    g.dependencies.web = [{ target: 'api', type: 'static' }];
    expect(findViolations(g)).toEqual(['web (type:app) may not import api (type:app)']);
  });

  it('lets the apps, the read models and the tools use the command path, which itself uses the port and the domain only', () => {
    const g = graph({ api: [{ target: 'commands' }] });
    g.nodes.commands = node('type:application');
    g.nodes.projections = node('type:read-model');
    g.nodes.bench = node('type:tool');
    g.dependencies.commands = [{ target: 'port' }, { target: 'domain' }, { target: 'npm:vitest' }];
    g.dependencies.projections = [{ target: 'commands' }];
    g.dependencies.bench = [{ target: 'commands' }];
    expect(findViolations(g)).toEqual([]);
    g.dependencies.commands.push({ target: 'sqlite' }, { target: 'npm:@nestjs/common' }, { target: 'api' });
    g.dependencies.domain = [{ target: 'commands' }];
    expect(findViolations(g)).toEqual([
      'domain (type:domain) may not import commands (type:application)',
      'commands (type:application) may not import sqlite (type:adapter)',
      'commands (type:application) may not import the package @nestjs/common',
      'commands (type:application) may not import api (type:app)',
    ]);
  });

  it('requires exactly one type tag', () => {
    const g = { nodes: { a: node('scope:shared'), b: node('type:domain', 'type:app') }, dependencies: {} };
    expect(findViolations(g)).toEqual([
      'a: needs exactly one type: tag, has none',
      'b: needs exactly one type: tag, has type:domain, type:app',
    ]);
  });
});
