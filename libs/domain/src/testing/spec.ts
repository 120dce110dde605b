/**
 * given(events).when(command).then(events) / .thenThrows(ErrorClass, /message/) — a framework-free spec helper
 * for any decider of this library (and the API's tests). Failures throw a SpecAssertionError that any runner reports.
 */

export type Decider<Command, State, Event, Context> = {
  decide: (command: Command, state: State, context: Context) => Event[];
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
};

export class SpecAssertionError extends Error {
  override name = 'SpecAssertionError';
}

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

export type Then<State, Event> = {
  /** the command yields exactly these events (deep-equal); returns the state after them */
  then(expected: Event[]): State;
  /** the command yields no event */
  thenNothing(): State;
  /** the command throws an instance of `errorClass`, with a message matching `message` when given */
  thenThrows<E extends Error>(errorClass: ErrorClass<E>, message?: RegExp): E;
};

export type When<Command, State, Event, Context> = {
  when(command: Command, context: Context): Then<State, Event>;
};

function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v === undefined
          ? '«undefined»'
          : v,
    2,
  );
}

export function specFor<Command, State, Event, Context>(decider: Decider<Command, State, Event, Context>) {
  return {
    given(events: readonly Event[]): When<Command, State, Event, Context> {
      return {
        when(command: Command, context: Context): Then<State, Event> {
          const state = () => events.reduce(decider.evolve, decider.initialState());
          const run = () => {
            const before = state();
            return { before, produced: decider.decide(command, before, context) };
          };
          const then = (expected: Event[]): State => {
            const { before, produced } = run();
            const actual = canonical(produced);
            const wanted = canonical(expected);
            if (actual !== wanted) throw new SpecAssertionError(`events differ\n--- expected\n${wanted}\n--- actual\n${actual}`);
            return produced.reduce(decider.evolve, before);
          };
          return {
            then,
            thenNothing: () => then([]),
            thenThrows<E extends Error>(errorClass: ErrorClass<E>, message?: RegExp): E {
              let produced: Event[];
              try {
                produced = run().produced;
              } catch (error) {
                if (!(error instanceof errorClass)) {
                  throw new SpecAssertionError(
                    `expected ${errorClass.name}, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
                  );
                }
                if (message && !message.test(error.message)) {
                  throw new SpecAssertionError(`${errorClass.name} message ${JSON.stringify(error.message)} does not match ${message}`);
                }
                return error;
              }
              throw new SpecAssertionError(`expected ${errorClass.name}, but the command produced ${canonical(produced)}`);
            },
          };
        },
      };
    },
  };
}
