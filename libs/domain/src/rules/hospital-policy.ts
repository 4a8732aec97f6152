import { assertNever, type Decider, type DomainEvent } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { assertNoPii } from '../shared/pii';
import { RULE_PACKS, type PolicyOverrides } from './rule-pack';

/** A hospital's choice of rule pack and its own policy values; the event states the whole policy after it. */
export type HospitalPolicySet = DomainEvent<
  'HospitalPolicySet',
  {
    readonly hospitalId: string;
    readonly rulePackId: string;
    readonly overrides: PolicyOverrides;
    readonly reason: string;
  }
>;
export type HospitalPolicyEvent = HospitalPolicySet;

export interface SetHospitalPolicy {
  readonly type: 'SetHospitalPolicy';
  readonly hospitalId: string;
  /** Omitted: keep the current pack. */
  readonly rulePackId: string | null;
  /** Merged over the current overrides. */
  readonly overrides: PolicyOverrides;
  readonly reason: string;
}
export type HospitalPolicyCommand = SetHospitalPolicy;

export type HospitalPolicyState = { readonly rulePackId: string | null; readonly overrides: PolicyOverrides };

export const unknownRulePack = (rulePackId: string) =>
  new DomainError('POLICY.UNKNOWN_RULE_PACK', `There is no rule pack ${rulePackId}`, { rulePackId });
export const invalidPolicyValue = (field: string, detail: string) =>
  new DomainError('POLICY.INVALID_VALUE', `${field} ${detail}`, { field });

/** Bounds that keep a policy meaningful: whole counts, a follow-up window of 1 to 60 days, points within ±100. */
const LIMITS: Readonly<Record<string, readonly [number, number]>> = {
  lecturesPerBranchPerQuarter: [0, 12],
  committeeSecretaryLecturesPerYear: [0, 12],
  followUpWindowDays: [1, 60],
};

function checkOverrides({ points, ...counts }: PolicyOverrides): void {
  for (const [field, value] of Object.entries(counts)) {
    const [min, max] = LIMITS[field] ?? [0, 0];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw invalidPolicyValue(field, `must be a whole number from ${min} to ${max}`);
    }
  }
  for (const [field, value] of Object.entries(points ?? {})) {
    if (!Number.isInteger(value) || Math.abs(value) > 100) {
      throw invalidPolicyValue(`points.${field}`, 'must be a whole number from -100 to 100');
    }
  }
}

export function evolveHospitalPolicy(_state: HospitalPolicyState, event: HospitalPolicyEvent): HospitalPolicyState {
  switch (event.type) {
    case 'HospitalPolicySet':
      return { rulePackId: event.data.rulePackId, overrides: event.data.overrides };
    default:
      return assertNever(event.type);
  }
}

export function decideHospitalPolicy(
  command: HospitalPolicyCommand,
  state: HospitalPolicyState,
): HospitalPolicyEvent[] {
  switch (command.type) {
    case 'SetHospitalPolicy': {
      const rulePackId = command.rulePackId ?? state.rulePackId ?? Object.keys(RULE_PACKS)[0];
      if (!RULE_PACKS[rulePackId]) throw unknownRulePack(rulePackId);
      checkOverrides(command.overrides);
      assertNoPii({ reason: command.reason });
      const overrides: PolicyOverrides = {
        ...state.overrides,
        ...command.overrides,
        ...(command.overrides.points || state.overrides.points
          ? { points: { ...state.overrides.points, ...command.overrides.points } }
          : {}),
      };
      if (rulePackId === state.rulePackId && JSON.stringify(overrides) === JSON.stringify(state.overrides)) return [];
      return [
        {
          type: 'HospitalPolicySet',
          data: { hospitalId: command.hospitalId, rulePackId, overrides, reason: command.reason },
        },
      ];
    }
    default:
      return assertNever(command.type);
  }
}

export const hospitalPolicyDecider: Decider<HospitalPolicyCommand, HospitalPolicyEvent, HospitalPolicyState> = {
  initialState: { rulePackId: null, overrides: {} },
  evolve: evolveHospitalPolicy,
  decide: decideHospitalPolicy,
};

export const hospitalPolicyStreamId = (hospitalId: string) => `policy-${hospitalId}`;
