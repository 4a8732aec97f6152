import { memberNotFound } from '../organization/member.errors';
import type { Post } from '../organization/member.events';
import { membershipOn, postsOn } from '../organization/member.state';
import { hospitalNotFound, orgUnitNotFound } from '../organization/org-unit.errors';
import { assertNever, type Decider } from '../shared/decider';
import { assertNoPii } from '../shared/pii';
import { DomainError } from '../shared/domain-error';
import type {
  ChangePeriodScheme,
  CorrectBranchScore,
  AssessmentPeriodCommand,
  OpenAssessmentPeriod,
  ScoreBranch,
} from './assessment-period.commands';
import {
  alreadyScored,
  assessorNotCommittee,
  assessorOtherHospital,
  automaticIndicator,
  bonusOverCap,
  branchNotInHospital,
  conflictOfInterest,
  deductionOverCap,
  duplicateItem,
  invalidPeriod,
  missingItem,
  notScored,
  periodAlreadyOpen,
  periodClosed,
  periodNotFound,
  reasonRequired,
  schemeAlreadyApplied,
  schemeDoesNotFitSheet,
  scoreOutOfRange,
  unknownIndicator,
} from './assessment-period.errors';
import type { Adjustment, AssessmentPeriodEvent, ScoreSheet } from './assessment-period.events';
import {
  hasSheet,
  initialAssessmentPeriodState,
  quarterOf,
  type AssessmentPeriod,
  type AssessmentPeriodState,
} from './assessment-period.state';
import { schemeNotFound } from './scoring-scheme.errors';
import type { ScoringScheme } from './scoring-scheme.state';

/** Assessors hold a post in the hospital's 党委: its secretary (书记) or a member (委员). */
const COMMITTEE_POSTS: readonly Post[] = ['committee-secretary', 'committee-member'];

/** Points are entered as decimals; sums within this of a cap count as at the cap. */
const POINTS_EPSILON = 1e-9;

export function evolveAssessmentPeriod(
  state: AssessmentPeriodState,
  event: AssessmentPeriodEvent,
): AssessmentPeriodState {
  switch (event.type) {
    case 'AssessmentPeriodOpened':
      return { status: 'open', period: event.data, sheets: [] };
    case 'AssessmentScored':
    case 'AssessmentScoreCorrected': {
      if (state.status === 'unknown') return state;
      const { periodId, branchId, assessorId, items, bonuses, deductions } = event.data;
      const others = state.sheets.filter((sheet) => sheet.branchId !== branchId || sheet.assessorId !== assessorId);
      return { ...state, sheets: [...others, { periodId, branchId, assessorId, items, bonuses, deductions }] };
    }
    case 'AssessmentPeriodSchemeChanged': {
      if (state.status === 'unknown') return state;
      const { schemeId, scheme } = event.data;
      return { ...state, period: { ...state.period, schemeId, scheme } };
    }
    case 'AssessmentPeriodClosed':
      return state.status === 'unknown' ? state : { ...state, status: 'closed' };
    default:
      return assertNever(event);
  }
}

export function decideAssessmentPeriod(
  command: AssessmentPeriodCommand,
  state: AssessmentPeriodState,
): AssessmentPeriodEvent[] {
  if (command.type === 'OpenAssessmentPeriod') return open(command, state);
  if (state.status === 'unknown') throw periodNotFound(command.periodId);
  if (state.status === 'closed') throw periodClosed(command.periodId);
  const { period, sheets } = state;
  switch (command.type) {
    case 'ScoreBranch': {
      checkScorer(command, period);
      if (hasSheet(sheets, command)) throw alreadyScored(command.assessorId, command.branchId);
      return [{ type: 'AssessmentScored', data: checkedSheet(command, period.scheme) }];
    }
    case 'CorrectBranchScore': {
      checkScorer(command, period);
      if (!hasSheet(sheets, command)) throw notScored(command.assessorId, command.branchId);
      if (command.reason.trim() === '') throw reasonRequired('reason');
      assertNoPii({ reason: command.reason });
      return [
        { type: 'AssessmentScoreCorrected', data: { ...checkedSheet(command, period.scheme), reason: command.reason } },
      ];
    }
    case 'ChangePeriodScheme':
      return [{ type: 'AssessmentPeriodSchemeChanged', data: checkedSchemeChange(command, period, sheets) }];
    case 'ClosePeriod':
      return [{ type: 'AssessmentPeriodClosed', data: { periodId: command.periodId } }];
    default:
      return assertNever(command);
  }
}

function open(command: OpenAssessmentPeriod, state: AssessmentPeriodState): AssessmentPeriodEvent[] {
  const { periodId, hospitalId, schemeId, scheme, hospitalKnown } = command;
  if (state.status === 'open') throw periodAlreadyOpen(periodId);
  if (state.status === 'closed') throw periodClosed(periodId);
  if (!hospitalKnown) throw hospitalNotFound(hospitalId);
  const quarter = quarterOf(periodId);
  if (quarter === null) throw invalidPeriod(periodId);
  if (!scheme || scheme.schemeId !== schemeId) throw schemeNotFound(schemeId);
  return [{ type: 'AssessmentPeriodOpened', data: { periodId, hospitalId, schemeId, quarter, scheme } }];
}

/** A branch of the period's hospital, scored by a committee member from outside it. */
function checkScorer(
  { branchId, branch, assessorId, assessor, today }: ScoreBranch | CorrectBranchScore,
  period: AssessmentPeriod,
): void {
  if (!branch) throw orgUnitNotFound(branchId);
  if (branch.kind !== 'branch' || branch.hospitalId !== period.hospitalId)
    throw branchNotInHospital(branchId, period.hospitalId);
  if (!assessor) throw memberNotFound(assessorId);
  if (assessor.hospitalId !== period.hospitalId) throw assessorOtherHospital(assessorId, period.hospitalId);
  const membership = membershipOn(assessor, today);
  const onCommittee =
    membership !== null && postsOn(assessor, today).some((term) => COMMITTEE_POSTS.includes(term.post));
  if (!onCommittee) throw assessorNotCommittee(assessorId, today);
  if (membership.branchId === branchId) throw conflictOfInterest(assessorId, branchId);
}

/** Every manual indicator scored once within [0, max]; bonuses and deductions with reasons, within their caps. */
function checkedSheet(command: ScoreSheet, scheme: ScoringScheme): ScoreSheet {
  const { periodId, branchId, assessorId, items, bonuses, deductions } = command;
  const scored = new Set<string>();
  for (const { code, score } of items) {
    const indicator = scheme.indicators.find((candidate) => candidate.code === code);
    if (!indicator) throw unknownIndicator(code);
    if (indicator.source !== 'manual') throw automaticIndicator(code);
    if (scored.has(code)) throw duplicateItem(code);
    scored.add(code);
    if (!(score >= 0 && score <= indicator.max)) throw scoreOutOfRange(`items.${code}`, score, indicator.max);
  }
  const missing = scheme.indicators.find((indicator) => indicator.source === 'manual' && !scored.has(indicator.code));
  if (missing) throw missingItem(missing.code);
  const bonusTotal = checkedPoints('bonuses', bonuses);
  if (bonusTotal > scheme.bonusCap + POINTS_EPSILON) throw bonusOverCap(bonusTotal, scheme.bonusCap);
  const deductionTotal = checkedPoints('deductions', deductions);
  if (deductionTotal > scheme.deductionCap + POINTS_EPSILON)
    throw deductionOverCap(deductionTotal, scheme.deductionCap);
  return { periodId, branchId, assessorId, items, bonuses, deductions };
}

function checkedSchemeChange(
  { periodId, schemeId, scheme, reason }: ChangePeriodScheme,
  period: AssessmentPeriod,
  sheets: readonly ScoreSheet[],
) {
  if (!scheme || scheme.schemeId !== schemeId) throw schemeNotFound(schemeId);
  if (schemeId === period.schemeId) throw schemeAlreadyApplied(periodId, schemeId);
  if (reason.trim() === '') throw reasonRequired('reason');
  assertNoPii({ reason });
  for (const sheet of sheets) {
    try {
      checkedSheet(sheet, scheme);
    } catch (error) {
      throw error instanceof DomainError ? schemeDoesNotFitSheet(sheet, schemeId, error.message) : error;
    }
  }
  return { periodId, schemeId, scheme, reason };
}

/** Each adjustment has non-negative points and a reason free of personal data; returns their total. */
function checkedPoints(field: string, adjustments: readonly Adjustment[]): number {
  adjustments.forEach(({ points, reason }, i) => {
    if (!(points >= 0 && Number.isFinite(points))) throw scoreOutOfRange(`${field}[${i}].points`, points, null);
    if (reason.trim() === '') throw reasonRequired(`${field}[${i}].reason`);
    assertNoPii({ [`${field}[${i}].reason`]: reason });
  });
  return adjustments.reduce((total, { points }) => total + points, 0);
}

export const assessmentPeriodDecider: Decider<AssessmentPeriodCommand, AssessmentPeriodEvent, AssessmentPeriodState> = {
  initialState: initialAssessmentPeriodState,
  evolve: evolveAssessmentPeriod,
  decide: decideAssessmentPeriod,
};

export const assessmentPeriodStreamId = (periodId: string) => `assessment-${periodId}`;
