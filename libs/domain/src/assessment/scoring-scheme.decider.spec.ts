import { specFor } from '../testing/given-when-then';
import type { PublishScoringScheme } from './scoring-scheme.commands';
import { scoringSchemeDecider } from './scoring-scheme.decide';
import type { ScoringSchemePublished } from './scoring-scheme.events';
import { DEFAULT_SCHEME_2024, notApplicableRuleOf } from './scoring-scheme.state';

const given = specFor(scoringSchemeDecider);

const publish: PublishScoringScheme = { type: 'PublishScoringScheme', ...DEFAULT_SCHEME_2024 };
const published: ScoringSchemePublished = { type: 'ScoringSchemePublished', data: DEFAULT_SCHEME_2024 };
const [dailyWork, integration, meetings, followUps] = DEFAULT_SCHEME_2024.indicators;

describe('scoring scheme', () => {
  it('publishes the default-2024 scheme of the domain rules as given', () => {
    given([]).when(publish).then([published]);
    expect(DEFAULT_SCHEME_2024.indicators.map(({ code, max, source }) => [code, max, source])).toEqual([
      ['daily-work', 40, 'manual'],
      ['integration', 40, 'manual'],
      ['meeting-compliance', 10, 'meeting-compliance'],
      ['follow-up-rate', 10, 'follow-up-rate'],
    ]);
  });

  it('is published once; a new version is a new scheme', () => {
    given([published]).when(publish).thenRefusedWith('SCHEME.ALREADY_PUBLISHED');
    const nextVersion = { ...publish, schemeId: 'default-2025' };
    given([])
      .when(nextVersion)
      .then([{ type: 'ScoringSchemePublished', data: { ...DEFAULT_SCHEME_2024, schemeId: 'default-2025' } }]);
  });

  it('lists each indicator code once', () => {
    given([])
      .when({ ...publish, indicators: [dailyWork, integration, { ...meetings, code: 'daily-work' }, followUps] })
      .thenRefusedWith('SCHEME.DUPLICATE_INDICATOR');
  });

  it('gives every indicator a positive maximum', () => {
    for (const max of [0, -5, Number.NaN]) {
      given([])
        .when({ ...publish, indicators: [{ ...dailyWork, max }, integration, meetings, followUps] })
        .thenRefusedWith('SCHEME.INVALID_LIMIT');
    }
  });

  it('caps bonuses and deductions at zero or more', () => {
    given([])
      .when({ ...publish, bonusCap: -1 })
      .thenRefusedWith('SCHEME.INVALID_LIMIT');
    given([])
      .when({ ...publish, deductionCap: -1 })
      .thenRefusedWith('SCHEME.INVALID_LIMIT');
    given([])
      .when({ ...publish, bonusCap: 0, deductionCap: 0 })
      .then([{ type: 'ScoringSchemePublished', data: { ...DEFAULT_SCHEME_2024, bonusCap: 0, deductionCap: 0 } }]);
  });

  it('needs strictly higher totals for more stars, in any order of listing', () => {
    const stars = DEFAULT_SCHEME_2024.stars;
    const equalThresholds = stars.map((t) => (t.stars === 4 ? { ...t, minTotal: 90 } : t));
    given([])
      .when({ ...publish, stars: equalThresholds })
      .thenRefusedWith('SCHEME.INVALID_STARS');
    const inverted = stars.map((t) => (t.stars === 3 ? { ...t, minTotal: 85 } : t));
    given([])
      .when({ ...publish, stars: inverted })
      .thenRefusedWith('SCHEME.INVALID_STARS');
    const shuffled = [stars[2], stars[0], stars[4], stars[1], stars[3]];
    given([])
      .when({ ...publish, stars: shuffled })
      .then([{ type: 'ScoringSchemePublished', data: { ...DEFAULT_SCHEME_2024, stars: shuffled } }]);
  });

  it('lists each star count once, as a whole number of at least one', () => {
    given([])
      .when({ ...publish, stars: [...DEFAULT_SCHEME_2024.stars, { stars: 5, minTotal: 85 }] })
      .thenRefusedWith('SCHEME.INVALID_STARS');
    given([])
      .when({ ...publish, stars: [{ stars: 0, minTotal: 0 }] })
      .thenRefusedWith('SCHEME.INVALID_STARS');
    given([])
      .when({ ...publish, stars: [{ stars: 2.5, minTotal: 0 }] })
      .thenRefusedWith('SCHEME.INVALID_STARS');
    given([])
      .when({ ...publish, stars: [] })
      .thenRefusedWith('SCHEME.INVALID_STARS');
  });

  it('refuses personal data in indicator names', () => {
    given([])
      .when({ ...publish, indicators: [{ ...dailyWork, name: '联系人13912345678' }, integration, meetings, followUps] })
      .thenRefusedWith('PII.FORBIDDEN');
  });

  it('states how an indicator with no basis is scored: rescale by default, or full, or zero', () => {
    expect(notApplicableRuleOf(DEFAULT_SCHEME_2024)).toBe('rescale');
    for (const notApplicable of ['rescale', 'full', 'zero'] as const) {
      given([])
        .when({ ...publish, schemeId: `na-${notApplicable}`, notApplicable })
        .then([
          {
            type: 'ScoringSchemePublished',
            data: { ...DEFAULT_SCHEME_2024, schemeId: `na-${notApplicable}`, notApplicable },
          },
        ]);
    }
    given([])
      .when({ ...publish, notApplicable: 'half' as never })
      .thenRefusedWith('SCHEME.INVALID_NOT_APPLICABLE_RULE');
  });

  it('reads a scheme published before the rule existed as rescaling', () => {
    const { notApplicable: _rule, ...withoutRule } = DEFAULT_SCHEME_2024;
    const older: ScoringSchemePublished = {
      type: 'ScoringSchemePublished',
      data: { ...withoutRule, schemeId: 'older' },
    };
    given([])
      .when({ type: 'PublishScoringScheme', ...older.data })
      .then([older]);
    const state = scoringSchemeDecider.evolve(scoringSchemeDecider.initialState, older);
    expect(state.status === 'published' && notApplicableRuleOf(state.scheme)).toBe('rescale');
  });
});
