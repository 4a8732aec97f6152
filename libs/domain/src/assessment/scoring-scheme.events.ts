import type { DomainEvent } from '../shared/decider';

/**
 * Where an indicator's score comes from: an assessor's sheet (`manual`), or the period's meeting-compliance
 * and follow-up reports (`max × ratio`, computed in projections, never entered by hand).
 */
export type IndicatorSource = 'manual' | 'meeting-compliance' | 'follow-up-rate';

export interface Indicator {
  readonly code: string;
  readonly name: string;
  readonly max: number;
  readonly source: IndicatorSource;
}

/** A total of at least `minTotal` earns `stars`. */
export interface StarThreshold {
  readonly stars: number;
  readonly minTotal: number;
}

/**
 * How an automatic indicator with no basis in the period (nobody discharged, no meeting required) is scored:
 * `rescale` (the default) scales the branch's indicator points up to the scheme's full range over the indicators
 * that apply, `full` awards its max, `zero` awards nothing. See `indicatorPointsUnder`.
 */
export type NotApplicableRule = 'rescale' | 'full' | 'zero';

export const NOT_APPLICABLE_RULES: readonly NotApplicableRule[] = ['rescale', 'full', 'zero'];

/** A scoring scheme is versioned data: published once, never edited; a new version is a new scheme. */
export type ScoringSchemePublished = DomainEvent<
  'ScoringSchemePublished',
  {
    readonly schemeId: string;
    readonly indicators: readonly Indicator[];
    /** 加分项 cap on a sheet's bonus points. */
    readonly bonusCap: number;
    /** 扣分项 cap on a sheet's deduction points. */
    readonly deductionCap: number;
    readonly stars: readonly StarThreshold[];
    /**
     * Added after the first schemes were published: an event without it reads as `rescale`. Optional and
     * additive, so stored events keep their shape and need no upcaster.
     */
    readonly notApplicable?: NotApplicableRule;
  }
>;

export type ScoringSchemeEvent = ScoringSchemePublished;
