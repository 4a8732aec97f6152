/** A domain event as deciders see it: a past-tense type and its data, nothing about storage. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * A pure decider (Chassaing): `decide` turns a command and the current state into new events,
 * `evolve` folds one event into the state. No I/O, no clock, no randomness: the world arrives in the command.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  readonly initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): readonly Event[];
}

/** Compile-time exhaustiveness check for `switch` over a discriminated union. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
