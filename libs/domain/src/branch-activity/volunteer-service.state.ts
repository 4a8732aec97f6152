import type { VolunteerServiceHeld } from './volunteer-service.events';

export type VolunteerServiceRecord = VolunteerServiceHeld['data'];

export type VolunteerServiceState =
  { readonly status: 'unknown' } | { readonly status: 'held'; readonly service: VolunteerServiceRecord };

export const initialVolunteerServiceState: VolunteerServiceState = { status: 'unknown' };
