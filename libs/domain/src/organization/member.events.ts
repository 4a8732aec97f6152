import type { DomainEvent } from '../shared/decider';
import type { CalendarDate } from '../shared/time';

/** 正式党员 full, 预备党员 probationary, 停止党籍/留置 suspended, 留党察看 party-probation, 离开 left. */
export type MemberStatus = 'full' | 'probationary' | 'suspended' | 'party-probation' | 'left';

/** The five posts (五岗), each held in a unit of its level. */
export type Post =
  'committee-secretary' | 'committee-member' | 'branch-secretary' | 'branch-committee-member' | 'group-leader';

export type MemberRegistered = DomainEvent<
  'MemberRegistered',
  {
    readonly memberId: string;
    readonly name: string;
    readonly hospitalId: string;
    readonly branchId: string;
    readonly groupId: string | null;
    readonly status: 'full' | 'probationary';
    readonly joinedPartyOn: CalendarDate;
    readonly joinedBranchOn: CalendarDate;
    readonly departmentHead: boolean;
  }
>;

export type MemberStatusChanged = DomainEvent<
  'MemberStatusChanged',
  {
    readonly memberId: string;
    readonly status: MemberStatus;
    readonly effectiveOn: CalendarDate;
    readonly reason: string;
  }
>;

export type MemberTransferred = DomainEvent<
  'MemberTransferred',
  {
    readonly memberId: string;
    readonly fromBranchId: string;
    readonly toBranchId: string;
    readonly toGroupId: string | null;
    readonly effectiveOn: CalendarDate;
  }
>;

export type PostAssigned = DomainEvent<
  'PostAssigned',
  {
    readonly memberId: string;
    readonly post: Post;
    readonly unitId: string;
    readonly from: CalendarDate;
    readonly to: CalendarDate | null;
  }
>;

export type PostEnded = DomainEvent<
  'PostEnded',
  { readonly memberId: string; readonly post: Post; readonly unitId: string; readonly on: CalendarDate }
>;

export type MemberEvent = MemberRegistered | MemberStatusChanged | MemberTransferred | PostAssigned | PostEnded;
