import {
  DEFAULT_RULE_PACK,
  effectivePolicy,
  RULE_PACKS,
  type HospitalPolicy,
  type HospitalPolicySet,
  type PolicyOverrides,
  type RulePack,
} from '@app/domain';
import type { Projection } from '../projection';
import type { ReadModelStore } from '../read-model-store.port';

export interface HospitalPolicyDocument {
  readonly _id: string;
  readonly rulePackId: string;
  readonly overrides: PolicyOverrides;
}

/** Each hospital's rule pack and policy values, as last set. */
export const hospitalPoliciesProjection: Projection<HospitalPolicyDocument> = {
  name: 'hospital-policies',
  version: 1,
  collection: 'hospital_policies',
  handles: ['HospitalPolicySet'],
  documentIds: (event) => [(event.data as HospitalPolicySet['data']).hospitalId],
  evolve: (_document, event, id) => {
    const { rulePackId, overrides } = event.data as HospitalPolicySet['data'];
    return { _id: id, rulePackId, overrides };
  },
};

/** The rules a hospital's reports are judged by: its rule pack (the default unless it chose one) and policy. */
export async function rulesFor(
  readModels: ReadModelStore,
  hospitalId: string,
): Promise<{ readonly rulePack: RulePack; readonly policy: HospitalPolicy }> {
  const chosen = await readModels
    .collection<HospitalPolicyDocument>(hospitalPoliciesProjection.collection)
    .get(hospitalId);
  const rulePack = (chosen && RULE_PACKS[chosen.rulePackId]) || DEFAULT_RULE_PACK;
  return { rulePack, policy: effectivePolicy(rulePack, chosen?.overrides) };
}

/** Every hospital that has set a policy: one may do so before establishing any unit. */
export async function hospitalsWithPolicy(readModels: ReadModelStore): Promise<string[]> {
  const policies = await readModels.collection<HospitalPolicyDocument>(hospitalPoliciesProjection.collection).find({});
  return policies.map((policy) => policy._id);
}
