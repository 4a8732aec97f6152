import type { DomainEvent } from './decider';

/**
 * Turns an event's data from one schema version into the next. Only data evolves: a type string is a public
 * contract and is never renamed (style.md, example 5). `never` lets each upcaster name the exact shapes it maps.
 */
export type Upcaster = (data: never) => unknown;

/** An event's data in the schema version `schemaVersion`. */
export interface VersionedEvent extends DomainEvent {
  readonly schemaVersion: number;
}

export interface UpcasterRegistry {
  /** The version writers stamp: 1, plus one for each upcaster the type has been given. */
  currentVersion(type: string): number;
  /**
   * The event in its type's current version, from the version it was stored in. No version means 1: the events
   * written before versions were stamped. The data is returned as is when already current.
   */
  upcast(event: DomainEvent, storedVersion?: number): VersionedEvent;
}

/**
 * A registry over `upcasters[type]`, each type's chain in order: its first upcaster takes version 1 to 2, the
 * next 2 to 3. A version this code does not know (newer than current, written by a later release) is refused
 * rather than read in the wrong shape.
 */
export function upcasterRegistry(upcasters: Readonly<Record<string, readonly Upcaster[]>>): UpcasterRegistry {
  const chainOf = (type: string): readonly Upcaster[] => upcasters[type] ?? [];
  const currentVersion = (type: string) => chainOf(type).length + 1;
  return {
    currentVersion,
    upcast({ type, data }, storedVersion = 1) {
      const schemaVersion = currentVersion(type);
      if (!Number.isInteger(storedVersion) || storedVersion < 1 || storedVersion > schemaVersion) {
        throw new Error(`${type} schema version ${storedVersion} is unknown here (current: ${schemaVersion})`);
      }
      // Each upcaster takes the shape the one before it gave, as its own type says.
      const upcast = chainOf(type)
        .slice(storedVersion - 1)
        .reduce((evolving, step) => step(evolving as never), data);
      return { type, data: upcast, schemaVersion };
    },
  };
}
