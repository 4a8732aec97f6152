import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { BranchCategory } from '@app/domain';
import type { OrganizationFindingCode } from '@app/read-models';
import { ID_PATTERN } from '../http/id.pipe';
import { IsCalendarDate } from '../http/validators';
import { AsOfQuery, RankingQuery } from './report-query.dto';

const CATEGORIES: BranchCategory[] = ['clinical', 'medical-technical', 'administrative'];
const FINDING_CODES: OrganizationFindingCode[] = [
  'BRANCH_TOO_SMALL',
  'BRANCH_TOO_LARGE',
  'COMMITTEE_REQUIRED',
  'MEMBER_INACTIVE_6_MONTHS',
];

export class OrganizationReportQuery extends AsOfQuery {
  @ApiProperty({ example: 'pj-central' })
  @Matches(ID_PATTERN)
  hospitalId!: string;

  @ApiPropertyOptional({
    description:
      'The date the organization is judged on, e.g. `2024-06-30`; default today in Asia/Shanghai (the asOf date with asOf)',
  })
  @IsOptional()
  @IsCalendarDate()
  on?: string;
}

export class MemberRankingQuery extends RankingQuery {
  @ApiProperty({ example: 'pj-central' })
  @Matches(ID_PATTERN)
  hospitalId!: string;

  @ApiPropertyOptional({
    description: 'Calendar year, e.g. `2024`; default this year in Asia/Shanghai (the asOf year with asOf)',
  })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'year must be YYYY' })
  year?: string;
}

class MembersByStatusView {
  @ApiProperty({ description: '正式党员' }) full!: number;
  @ApiProperty({ description: '预备党员' }) probationary!: number;
  @ApiProperty() suspended!: number;
  @ApiProperty({ description: '留党察看' }) 'party-probation'!: number;
}

class OrganizationFindingView {
  @ApiProperty({ enum: FINDING_CODES }) code!: OrganizationFindingCode;
  @ApiPropertyOptional({ description: 'With MEMBER_INACTIVE_6_MONTHS' }) memberId?: string;
  @ApiProperty() detail!: string;
}

class OrganizationReportItemView {
  @ApiProperty() branchId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, enum: CATEGORIES }) category!: BranchCategory | null;
  @ApiProperty({ type: MembersByStatusView, description: 'Members of the branch on the date, by status' })
  members!: MembersByStatusView;
  @ApiProperty({ nullable: true, type: String, description: 'Member id of the branch secretary' })
  secretary!: string | null;
  @ApiProperty({ type: [String], description: '支委会: branch secretary and branch committee members on the date' })
  committee!: string[];
  @ApiProperty({ description: '双带头人: the secretary is also a department head' }) dualLeader!: boolean;
  @ApiProperty({ type: [OrganizationFindingView] }) findings!: OrganizationFindingView[];
}

export class OrganizationReportView {
  @ApiProperty() hospitalId!: string;
  @ApiProperty({ example: '2024-06-30' }) on!: string;
  @ApiProperty({ example: 'cn-branch-2018' }) rulePack!: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      '双带头人 ratio over the branches answered (a secretary’s: its own): those whose secretary is a department head ÷ those with a secretary',
  })
  dualLeaderRatio!: number | null;
  @ApiProperty({ type: [OrganizationReportItemView] }) items!: OrganizationReportItemView[];
}

class MemberPointsValuesView {
  @ApiProperty({ example: 2 }) attendMeeting!: number;
  @ApiProperty({ example: 3 }) giveLecture!: number;
  @ApiProperty({ example: 1 }) attendLecture!: number;
  @ApiProperty({ example: 1 }) completeFollowUp!: number;
  @ApiProperty({ example: 2 }) volunteerService!: number;
  @ApiProperty({ example: -2 }) unexcusedAbsence!: number;
}

class MemberRankingItemView {
  @ApiProperty({ description: 'Competition rank over the whole hospital: ties share it, the next skips' })
  rank!: number;
  @ApiProperty() memberId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The branch the member last belonged to in the year' })
  branchId!: string | null;
  @ApiProperty() points!: number;
  @ApiProperty({ description: 'Meetings attended or hosted' }) attendance!: number;
  @ApiProperty() lecturesGiven!: number;
  @ApiProperty() lecturesAttended!: number;
  @ApiProperty() followUpsCompleted!: number;
  @ApiProperty() volunteerServices!: number;
  @ApiProperty({ description: 'Listed absent with no reason given' }) unexcusedAbsences!: number;
}

export class MemberRankingView {
  @ApiProperty() hospitalId!: string;
  @ApiProperty({ example: '2024' }) year!: string;
  @ApiProperty({ example: 'cn-branch-2018' }) rulePack!: string;
  @ApiProperty({ type: MemberPointsValuesView, description: 'The point values the ranking was counted by' })
  points!: MemberPointsValuesView;
  @ApiProperty({ type: [MemberRankingItemView] }) items!: MemberRankingItemView[];
}
