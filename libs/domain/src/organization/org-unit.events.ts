import type { DomainEvent } from '../shared/decider';
import type { CalendarDate } from '../shared/time';

/** 党委 committee > 党总支 general-branch > 党支部 branch > 党小组 group. */
export type OrgUnitKind = 'committee' | 'general-branch' | 'branch' | 'group';
export type BranchCategory = 'clinical' | 'medical-technical' | 'administrative';

export type OrgUnitEstablished = DomainEvent<
  'OrgUnitEstablished',
  {
    readonly unitId: string;
    readonly kind: OrgUnitKind;
    readonly name: string;
    readonly hospitalId: string;
    readonly parentId: string | null;
    readonly category: BranchCategory | null;
    readonly timeZone: string;
  }
>;

export type OrgUnitDissolved = DomainEvent<
  'OrgUnitDissolved',
  { readonly unitId: string; readonly effectiveOn: CalendarDate; readonly reason: string }
>;

export type OrgUnitEvent = OrgUnitEstablished | OrgUnitDissolved;
