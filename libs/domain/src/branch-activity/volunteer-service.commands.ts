import type { ActivityFacts } from './activity.facts';
import type { VolunteerServiceHeld } from './volunteer-service.events';

/** Holding a service records exactly what the command says, so the command carries the event's fields. */
export interface HoldVolunteerService
  extends Readonly<Omit<VolunteerServiceHeld['data'], 'hospitalId'>>, ActivityFacts {
  readonly type: 'HoldVolunteerService';
}

export type VolunteerServiceCommand = HoldVolunteerService;
