import type { NotApplicableRule, ScoringSchemePublished } from './scoring-scheme.events';

export type ScoringScheme = Readonly<ScoringSchemePublished['data']>;

/** The scheme's rule for indicators with no basis; schemes published before the rule existed rescale. */
export const notApplicableRuleOf = (scheme: ScoringScheme): NotApplicableRule => scheme.notApplicable ?? 'rescale';

export type ScoringSchemeState =
  { readonly status: 'unknown' } | { readonly status: 'published'; readonly scheme: ScoringScheme };

export const initialScoringSchemeState: ScoringSchemeState = { status: 'unknown' };

/** The default scheme `default-2024` of the domain rules. */
export const DEFAULT_SCHEME_2024: ScoringScheme = {
  schemeId: 'default-2024',
  indicators: [
    { code: 'daily-work', name: '日常工作', max: 40, source: 'manual' },
    { code: 'integration', name: '党建与业务融合', max: 40, source: 'manual' },
    { code: 'meeting-compliance', name: '三会一课合规', max: 10, source: 'meeting-compliance' },
    { code: 'follow-up-rate', name: '出院回访率', max: 10, source: 'follow-up-rate' },
  ],
  bonusCap: 10,
  deductionCap: 20,
  stars: [
    { stars: 5, minTotal: 90 },
    { stars: 4, minTotal: 80 },
    { stars: 3, minTotal: 70 },
    { stars: 2, minTotal: 60 },
    { stars: 1, minTotal: 0 },
  ],
  notApplicable: 'rescale',
};
