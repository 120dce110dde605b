import type { JsonValue } from '../types.js';

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the plain JSON the store takes: object keys sorted by UTF-16 code units,
 * no whitespace, numbers and strings serialised as ECMAScript does (which is what JSON.stringify does for finite
 * numbers and strings). Object members whose value is undefined are absent, as in JSON.stringify.
 */
export function canonicalJson(value: JsonValue | { readonly [key: string]: JsonValue | undefined } | undefined): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError(`${value} has no canonical JSON form`);
    }
    if (value === undefined) throw new TypeError('undefined has no canonical JSON form');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v: JsonValue) => canonicalJson(v)).join(',')}]`;
  // Array.prototype.sort without a comparer orders strings by UTF-16 code units, as RFC 8785 §3.2.3 requires.
  const keys = Object.keys(value).sort();
  const members: string[] = [];
  for (const key of keys) {
    const member = (value as Record<string, JsonValue | undefined>)[key];
    if (member === undefined) continue;
    members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(',')}}`;
}
