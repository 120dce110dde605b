/** JSON values event data may carry (mirrors @hyoka/event-store's JsonValue; the domain may not import the port). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * An event as the domain produces it: `{ type, data }`. The caller adds `id` and `metadata`
 * (actor, actingAs, commandId, correlation/causation ids, occurredAt, schemaVersion) before appending.
 * `evolve` accepts plain events as well as recorded ones (extra fields are ignored).
 */
export type DomainEvent<Type extends string = string, Data = JsonObject> = Readonly<{
  type: Type;
  data: Data;
  metadata?: { occurredAt?: string; [key: string]: unknown };
  recordedAt?: string;
}>;

/** A command: imperative type, input data as received (validated by `decide`). */
export type Command<Type extends string = string, Data = Record<string, unknown>> = Readonly<{
  type: Type;
  data: Data;
}>;
