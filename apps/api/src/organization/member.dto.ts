import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import type { MemberStatus, Post } from '@app/domain';
import { ID_PATTERN } from '../http/id.pipe';
import { IsCalendarDate, IsText } from '../http/validators';

export const STATUSES: MemberStatus[] = ['full', 'probationary', 'suspended', 'party-probation', 'left'];
export const POSTS: Post[] = [
  'committee-secretary',
  'committee-member',
  'branch-secretary',
  'branch-committee-member',
  'group-leader',
];

export class RegisterMemberDto {
  @ApiPropertyOptional({ example: 'm-zhangsan', description: 'Generated when omitted' })
  @IsOptional()
  @Matches(ID_PATTERN)
  memberId?: string;

  @ApiProperty({ example: '张三' })
  @IsText(100)
  name!: string;

  @ApiProperty({ example: 'pj-central' })
  @Matches(ID_PATTERN)
  hospitalId!: string;

  @ApiProperty({ example: 'cardiology' })
  @Matches(ID_PATTERN)
  branchId!: string;

  @ApiPropertyOptional({ example: 'cardiology-g1' })
  @IsOptional()
  @Matches(ID_PATTERN)
  groupId?: string;

  @ApiProperty({ enum: ['full', 'probationary'] })
  @IsIn(['full', 'probationary'])
  status!: 'full' | 'probationary';

  @ApiProperty({ example: '2015-07-01' })
  @IsCalendarDate()
  joinedPartyOn!: string;

  @ApiPropertyOptional({ example: '2018-03-01', description: 'Defaults to joinedPartyOn' })
  @IsOptional()
  @IsCalendarDate()
  joinedBranchOn?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Head of a clinical department (双带头人 when also branch secretary)',
  })
  @IsOptional()
  @IsBoolean()
  departmentHead?: boolean;
}

export class ChangeMemberStatusDto {
  @ApiProperty({ enum: STATUSES })
  @IsIn(STATUSES)
  status!: MemberStatus;

  @ApiProperty({ example: '2016-07-01' })
  @IsCalendarDate()
  effectiveOn!: string;

  @ApiProperty({ example: '预备期满，按期转正' })
  @IsText(500)
  reason!: string;
}

export class TransferMemberDto {
  @ApiProperty({ example: 'surgery' })
  @Matches(ID_PATTERN)
  toBranchId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN)
  toGroupId?: string;

  @ApiProperty({ example: '2024-03-01' })
  @IsCalendarDate()
  effectiveOn!: string;
}

export class AssignPostDto {
  @ApiProperty({ enum: POSTS })
  @IsIn(POSTS)
  post!: Post;

  @ApiProperty({ example: 'cardiology' })
  @Matches(ID_PATTERN)
  unitId!: string;

  @ApiProperty({ example: '2023-01-01' })
  @IsCalendarDate()
  from!: string;

  @ApiPropertyOptional({ example: '2025-12-31' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class EndPostDto {
  @ApiProperty({ example: 'cardiology' })
  @Matches(ID_PATTERN)
  unitId!: string;

  @ApiProperty({ example: '2024-12-31' })
  @IsCalendarDate()
  on!: string;
}

class MembershipView {
  @ApiProperty() branchId!: string;
  @ApiProperty({ nullable: true, type: String }) groupId!: string | null;
  @ApiProperty() from!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Exclusive' }) until!: string | null;
}

class StatusView {
  @ApiProperty({ enum: STATUSES }) status!: MemberStatus;
  @ApiProperty() from!: string;
}

class PostTermView {
  @ApiProperty({ enum: POSTS }) post!: Post;
  @ApiProperty() unitId!: string;
  @ApiProperty() from!: string;
  @ApiProperty({ nullable: true, type: String }) to!: string | null;
}

export class MemberView {
  @ApiProperty() memberId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() hospitalId!: string;
  @ApiProperty() departmentHead!: boolean;
  @ApiProperty() joinedPartyOn!: string;
  @ApiProperty({ type: [MembershipView] }) memberships!: MembershipView[];
  @ApiProperty({ type: [StatusView] }) statuses!: StatusView[];
  @ApiProperty({ type: [PostTermView] }) posts!: PostTermView[];
}
