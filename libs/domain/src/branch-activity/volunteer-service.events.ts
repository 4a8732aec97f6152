import type { DomainEvent } from '../shared/decider';
import type { CalendarDate } from '../shared/time';

/** 义诊: a free clinic or other volunteer service, counted by participants and people served. */
export type VolunteerServiceHeld = DomainEvent<
  'VolunteerServiceHeld',
  {
    readonly serviceId: string;
    readonly unitId: string;
    /** Decided from the unit. */
    readonly hospitalId: string;
    readonly heldOn: CalendarDate;
    readonly place: string;
    readonly participantIds: readonly string[];
    /** People served, an integer ≥ 0. */
    readonly beneficiaries: number;
  }
>;

export type VolunteerServiceEvent = VolunteerServiceHeld;
