import type { Decider, DomainEvent } from '../shared/decider';

/**
 * Given/when/then for deciders: given past events, when a command is decided, then expect new events
 * or a refusal with a stable code.
 */
export function specFor<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>) {
  return (given: readonly Event[]) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState));
      return {
        then: (expected: readonly Event[]) => expect(run()).toEqual(expected),
        thenRefusedWith: (code: string) => {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toMatchObject({ code });
        },
      };
    },
  });
}
