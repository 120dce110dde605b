import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * How large one operation may be. The web app's largest documents (src/graphql/*.graphql) reach depth 6 (plan),
 * cost ≈ 360 (an evaluation with every field), ≈ 200 tokens, no aliases and no directives: the limits leave room for
 * them and refuse what no screen sends (a spec checks every document of the web app against them).
 */
export interface OperationLimits {
  /** nesting of fields; fragments are flattened, so only the shape of the answer counts */
  depth: number;
  aliases: number;
  /** graphql-armor's cost: 2 per object field, 1 per scalar, ×1.5 per level of nesting */
  cost: number;
  /** lexical tokens of the document (graphql-js's own parser limit) */
  tokens: number;
  directives: number;
}

export const OPERATION_LIMITS: OperationLimits = { depth: 8, aliases: 10, cost: 1500, tokens: 1000, directives: 10 };

/**
 * Root fields whose work does not show in the shape of their answer, each with a cost added to graphql-armor's for
 * every time an operation asks for it (aliases included): verifyLog and checkLogDigest read and hash the whole log,
 * the audit-log exports build up to GRAPHQL_EXPORT_CAP rows into one string. Two of the first, or three of the
 * exports, pass the cost limit.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  'Query.verifyLog': 1000,
  'Query.checkLogDigest': 1000,
  'Query.auditLogCsv': 500,
  'Query.auditLogJson': 500,
};

export type LimitName = keyof OperationLimits;

/** What an over-limit error carries in `extensions.limit` (until the error mapper gives it its code and message). */
export interface LimitBreach {
  name: LimitName;
  max: number;
  found?: number;
}

const LIMIT_EXTENSION = 'limit';

/** graphql-armor reports "… limit of N exceeded, found M."; graphql-js "Document contains more than N tokens". */
const FOUND = /found (\d+(?:\.\d+)?)/;
// (graphql 16 writes "more that")
const TOO_MANY_TOKENS = /Document contains more tha[nt] (\d+) tokens/;

/** Reports a refusal as an ordinary validation error (so no resolver runs), marked with the limit it broke. */
const reportTo =
  (name: LimitName, max: number) =>
  (context: ValidationContext | null, error: GraphQLError): void => {
    const found = FOUND.exec(error.message)?.[1];
    const breach: LimitBreach = { name, max, ...(found ? { found: Math.ceil(Number(found)) } : {}) };
    context?.reportError(new GraphQLError(error.message, { extensions: { [LIMIT_EXTENSION]: breach } }));
  };

/**
 * The validation rules both transports add to GraphQL's own (Apollo over HTTP through `validationRules`, graphql-ws
 * through its `validate`): graphql-armor's depth, alias, cost and directive limits and, in production, no
 * introspection.
 */
export function limitRules(limits: OperationLimits, options: { production: boolean }): ValidationRule[] {
  const rules: ValidationRule[] = [
    maxDepthRule({ n: limits.depth, flattenFragments: true, propagateOnRejection: false, onReject: [reportTo('depth', limits.depth)] }),
    maxAliasesRule({ n: limits.aliases, propagateOnRejection: false, onReject: [reportTo('aliases', limits.aliases)] }),
    costLimitRule({
      maxCost: limits.cost,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [reportTo('cost', limits.cost)],
      onAccept: [(context, { n }) => context && shapeCosts.set(context, n)],
    }),
    fieldCostRule(limits.cost, FIELD_COSTS),
    maxDirectivesRule({ n: limits.directives, propagateOnRejection: false, onReject: [reportTo('directives', limits.directives)] }),
  ];
  // Apollo refuses introspection itself when `introspection: false`; graphql-ws needs the rule.
  if (options.production) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

/** graphql-armor's cost of the operation it last accepted, per validation (its rule runs just before fieldCostRule). */
const shapeCosts = new WeakMap<ValidationContext, number>();

/** Adds each costly root field's cost to graphql-armor's cost of the operation, and refuses it past the limit. */
function fieldCostRule(max: number, costs: Readonly<Record<string, number>>): ValidationRule {
  return (context) => ({
    OperationDefinition(operation: OperationDefinitionNode) {
      const shape = shapeCosts.get(context);
      shapeCosts.delete(context);
      // graphql-armor refused it already
      if (shape === undefined) return;
      const root = context.getSchema().getRootType(operation.operation)?.name;
      const extra = root ? rootFieldCost(context, operation.selectionSet, root, costs, new Set()) : 0;
      if (extra > 0 && shape + extra > max) {
        const breach: LimitBreach = { name: 'cost', max, found: Math.ceil(shape + extra) };
        context.reportError(
          new GraphQLError(`Query Cost limit of ${max} exceeded, found ${breach.found}.`, { nodes: [operation], extensions: { [LIMIT_EXTENSION]: breach } }),
        );
      }
    },
  });
}

function rootFieldCost(
  context: ValidationContext,
  selections: SelectionSetNode,
  root: string,
  costs: Readonly<Record<string, number>>,
  fragments: Set<string>,
): number {
  let total = 0;
  for (const selection of selections.selections) {
    if (selection.kind === Kind.FIELD) total += costs[`${root}.${selection.name.value}`] ?? 0;
    else if (selection.kind === Kind.INLINE_FRAGMENT) total += rootFieldCost(context, selection.selectionSet, root, costs, fragments);
    else if (!fragments.has(selection.name.value)) {
      fragments.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) total += rootFieldCost(context, fragment.selectionSet, root, costs, fragments);
    }
  }
  return total;
}

/** Parses with the token limit; a syntax error or too many tokens is thrown as a GraphQLError (code GRAPHQL_PARSE_FAILED). */
export function parseWithLimits(source: string, limits: OperationLimits): DocumentNode {
  try {
    return parse(source, { maxTokens: limits.tokens });
  } catch (error) {
    if (error instanceof GraphQLError) {
      throw new GraphQLError(error.message, {
        ...(error.source ? { source: error.source } : {}),
        ...(error.positions ? { positions: error.positions } : {}),
        extensions: { ...error.extensions, code: 'GRAPHQL_PARSE_FAILED' },
      });
    }
    throw error;
  }
}

/** GraphQL's validation plus the limits; errors get Apollo's code GRAPHQL_VALIDATION_FAILED, as over HTTP. */
export function validateWithLimits(schema: GraphQLSchema, document: DocumentNode, rules: readonly ValidationRule[]): GraphQLError[] {
  return validate(schema, document, [...specifiedRules, ...rules]).map(
    (error) =>
      new GraphQLError(error.message, {
        ...(error.nodes ? { nodes: error.nodes } : {}),
        extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
  );
}

/** The limit an error broke, if it is an over-limit refusal (of either transport). */
export function limitBreachOf(formatted: GraphQLFormattedError): LimitBreach | undefined {
  const marked = formatted.extensions?.[LIMIT_EXTENSION] as LimitBreach | undefined;
  if (marked && typeof marked === 'object' && typeof marked.name === 'string') return marked;
  const tokens = TOO_MANY_TOKENS.exec(formatted.message);
  if (tokens) return { name: 'tokens', max: Number(tokens[1]) };
  return undefined;
}
