import { partyLectureGivenV1ToV2 } from './branch-activity/lecture.upcasters';
import { upcasterRegistry } from './shared/upcasting';

/**
 * Every event type whose data has evolved, with its upcasters in version order: the one registry that writers stamp
 * versions from and that the domain, the projections and the audit replay read events through.
 */
export const domainUpcasters = upcasterRegistry({
  PartyLectureGiven: [partyLectureGivenV1ToV2],
});
