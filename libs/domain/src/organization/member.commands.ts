import type { CalendarDate } from '../shared/time';
import type { MemberRegistered, MemberStatus, Post } from './member.events';
import type { UnitFacts } from './org-unit.state';

export interface RegisterMember extends Readonly<MemberRegistered['data']> {
  readonly type: 'RegisterMember';
  readonly branch: UnitFacts | null;
  readonly group: UnitFacts | null;
  readonly now: string;
}

export interface ChangeMemberStatus {
  readonly type: 'ChangeMemberStatus';
  readonly memberId: string;
  readonly status: MemberStatus;
  readonly effectiveOn: CalendarDate;
  readonly reason: string;
  readonly now: string;
}

export interface TransferMember {
  readonly type: 'TransferMember';
  readonly memberId: string;
  readonly toBranchId: string;
  readonly toGroupId: string | null;
  readonly effectiveOn: CalendarDate;
  readonly toBranch: UnitFacts | null;
  readonly toGroup: UnitFacts | null;
  readonly now: string;
}

export interface AssignPost {
  readonly type: 'AssignPost';
  readonly memberId: string;
  readonly post: Post;
  readonly unitId: string;
  readonly from: CalendarDate;
  readonly to: CalendarDate | null;
  readonly unit: UnitFacts | null;
  readonly now: string;
}

export interface EndPost {
  readonly type: 'EndPost';
  readonly memberId: string;
  readonly post: Post;
  readonly unitId: string;
  readonly on: CalendarDate;
  readonly now: string;
}

export type MemberCommand = RegisterMember | ChangeMemberStatus | TransferMember | AssignPost | EndPost;
