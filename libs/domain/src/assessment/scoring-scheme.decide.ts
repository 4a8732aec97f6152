import { assertNever, type Decider } from '../shared/decider';
import { assertNoPii } from '../shared/pii';
import type { PublishScoringScheme, ScoringSchemeCommand } from './scoring-scheme.commands';
import {
  duplicateIndicator,
  invalidLimit,
  invalidNotApplicableRule,
  invalidStars,
  schemeAlreadyPublished,
} from './scoring-scheme.errors';
import { NOT_APPLICABLE_RULES, type ScoringSchemeEvent, type StarThreshold } from './scoring-scheme.events';
import { initialScoringSchemeState, type ScoringSchemeState } from './scoring-scheme.state';

export function evolveScoringScheme(_state: ScoringSchemeState, event: ScoringSchemeEvent): ScoringSchemeState {
  switch (event.type) {
    case 'ScoringSchemePublished':
      return { status: 'published', scheme: event.data };
    default:
      // A one-member union does not narrow to never; its `type` does.
      return assertNever(event.type);
  }
}

export function decideScoringScheme(command: ScoringSchemeCommand, state: ScoringSchemeState): ScoringSchemeEvent[] {
  switch (command.type) {
    case 'PublishScoringScheme': {
      if (state.status !== 'unknown') throw schemeAlreadyPublished(command.schemeId);
      const { type: _type, ...data } = command;
      checkLimits(data);
      checkStars(data.stars);
      if (data.notApplicable !== undefined && !NOT_APPLICABLE_RULES.includes(data.notApplicable)) {
        throw invalidNotApplicableRule(data.notApplicable);
      }
      assertNoPii(Object.fromEntries(data.indicators.map((indicator, i) => [`indicators[${i}].name`, indicator.name])));
      return [{ type: 'ScoringSchemePublished', data }];
    }
    default:
      return assertNever(command.type);
  }
}

function checkLimits({ indicators, bonusCap, deductionCap }: Omit<PublishScoringScheme, 'type'>): void {
  const codes = new Set<string>();
  for (const { code, max } of indicators) {
    if (codes.has(code)) throw duplicateIndicator(code);
    codes.add(code);
    if (!(max > 0 && Number.isFinite(max))) throw invalidLimit(`indicator ${code} max`, max);
  }
  if (!(bonusCap >= 0 && Number.isFinite(bonusCap))) throw invalidLimit('bonusCap', bonusCap);
  if (!(deductionCap >= 0 && Number.isFinite(deductionCap))) throw invalidLimit('deductionCap', deductionCap);
}

/** Every star count appears once, and more stars always need a strictly higher total. */
function checkStars(stars: readonly StarThreshold[]): void {
  if (stars.length === 0) throw invalidStars('A scheme needs at least one star threshold');
  for (const { stars: count, minTotal } of stars) {
    if (!Number.isInteger(count) || count < 1) throw invalidStars(`${count} is not a whole number of stars`);
    if (!Number.isFinite(minTotal)) throw invalidStars(`The threshold for ${count} stars is not a number`);
  }
  const byStars = [...stars].sort((a, b) => b.stars - a.stars);
  for (let i = 1; i < byStars.length; i++) {
    const [more, fewer] = [byStars[i - 1], byStars[i]];
    if (more.stars === fewer.stars) throw invalidStars(`${more.stars} stars are listed twice`);
    if (fewer.minTotal >= more.minTotal) {
      throw invalidStars(`${fewer.stars} stars need less than the ${more.minTotal} of ${more.stars} stars`);
    }
  }
}

export const scoringSchemeDecider: Decider<ScoringSchemeCommand, ScoringSchemeEvent, ScoringSchemeState> = {
  initialState: initialScoringSchemeState,
  evolve: evolveScoringScheme,
  decide: decideScoringScheme,
};

export const schemeStreamId = (schemeId: string) => `scheme-${schemeId}`;
