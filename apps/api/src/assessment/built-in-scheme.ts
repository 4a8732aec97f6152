import {
  DEFAULT_SCHEME_2024,
  scoringSchemeDecider,
  type Decider,
  type ScoringSchemeCommand,
  type ScoringSchemeEvent,
  type ScoringSchemeState,
} from '@app/domain';

/**
 * `default-2024` ships with the product: nobody publishes it, so its stream starts out as already published with
 * the built-in DEFAULT_SCHEME_2024. A period that names it, with no events in that stream, is judged by the
 * constant; publishing that id is refused by the decider itself (SCHEME.ALREADY_PUBLISHED), as for any scheme.
 */
const builtInDefaultDecider: Decider<ScoringSchemeCommand, ScoringSchemeEvent, ScoringSchemeState> = {
  ...scoringSchemeDecider,
  initialState: { status: 'published', scheme: DEFAULT_SCHEME_2024 },
};

/** The decider of one scheme's stream: built-in schemes begin published, every other one begins unknown. */
export const scoringSchemeDeciderFor = (schemeId: string) =>
  schemeId === DEFAULT_SCHEME_2024.schemeId ? builtInDefaultDecider : scoringSchemeDecider;
