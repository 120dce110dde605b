import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function parseTime(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw new GraphQLError('日時は ISO-8601 形式(例: 2025-06-30 または 2025-06-30T09:00:00+09:00)で指定してください。');
  }
  // A date alone means the end of that day in Japan, as the domain's planAsOf reads it (the council works in JST).
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T23:59:59.999+09:00`) : Date.parse(value);
  if (Number.isNaN(time)) throw new GraphQLError(`日時「${value}」は存在しない日時です。`);
  return new Date(time).toISOString();
}

/** An instant as ISO-8601 text; input may carry an offset (e.g. +09:00) or be a date alone, output is always UTC. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description:
    'ISO-8601 instant. Output in UTC (2025-06-30T00:00:00.000Z). Input may carry an offset; a date alone (2025-06-30) means the end of that day in Japan time.',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return value;
    throw new GraphQLError('DateTime cannot represent a non-time value');
  },
  parseValue: parseTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('日時は文字列で指定してください。');
    return parseTime(ast.value);
  },
});
