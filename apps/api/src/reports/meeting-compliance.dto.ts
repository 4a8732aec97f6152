import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { ID_PATTERN } from '../http/id.pipe';
import { AsOfQuery } from './report-query.dto';

export class MeetingComplianceQuery extends AsOfQuery {
  @ApiProperty({ example: 'pj-central' })
  @Matches(ID_PATTERN)
  hospitalId!: string;

  /** Only the shape of a string here: which periods exist is the report's rule (422 REPORT.INVALID_PERIOD). */
  @ApiProperty({
    example: '2024-Q1',
    description: 'A month `YYYY-MM`, quarter `YYYY-Qn` or year `YYYY`, in the hospital’s time zone',
  })
  @IsString()
  @Length(1, 16)
  periodId!: string;
}

/** Per kind of 三会一课, plus `party-lecture` (党课); a kind that does not apply to the unit is left out. */
class KindCountsView {
  @ApiPropertyOptional({ description: '党员大会' }) 'general-assembly'?: number;
  @ApiPropertyOptional({ description: '支委会' }) 'branch-committee'?: number;
  @ApiPropertyOptional({ description: '党小组会 (groups only)' }) 'group-meeting'?: number;
  @ApiPropertyOptional({ description: '主题党日' }) 'theme-day'?: number;
  @ApiPropertyOptional({ description: '组织生活会' }) 'organizational-life'?: number;
  @ApiPropertyOptional({ description: '民主评议党员' }) 'democratic-appraisal'?: number;
  @ApiPropertyOptional({ description: '党课 (branches only)' }) 'party-lecture'?: number;
}

class MeetingComplianceFindingView {
  @ApiProperty({
    example: 'QUORUM_NOT_MET',
    enum: [
      'QUORUM_NOT_MET',
      'VOTE_NOT_CARRIED',
      'MISSING_GENERAL_ASSEMBLY',
      'MISSING_BRANCH_COMMITTEE',
      'MISSING_GROUP_MEETING',
      'MISSING_THEME_DAY',
      'MISSING_ORGANIZATIONAL_LIFE',
      'MISSING_DEMOCRATIC_APPRAISAL',
      'MISSING_PARTY_LECTURE',
    ],
  })
  code!: string;

  @ApiPropertyOptional({
    example: 'mt-2024-01-ga',
    description: 'The meeting judged, for QUORUM_NOT_MET and VOTE_NOT_CARRIED',
  })
  meetingId?: string;

  @ApiProperty({ example: 'General assembly on 2024-01-15: 1 of 4 voting members present; at least half needed' })
  detail!: string;
}

class MeetingComplianceItemView {
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['branch', 'group'] }) kind!: 'branch' | 'group';
  @ApiProperty({ description: 'The branch the unit belongs to: itself, or a group’s parent' }) branchId!: string;

  @ApiProperty({
    type: KindCountsView,
    description: 'Cadence periods (months, quarters, years) in the report period that each need one',
  })
  required!: KindCountsView;

  @ApiProperty({ type: KindCountsView, description: 'Valid meetings (and lectures) held in the period' })
  held!: KindCountsView;

  @ApiProperty({ type: KindCountsView, description: 'Required cadence periods that were met' })
  satisfied!: KindCountsView;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Σ satisfied ÷ Σ required; null when nothing was required',
  })
  ratio!: number | null;

  @ApiProperty({ type: [MeetingComplianceFindingView] }) findings!: readonly MeetingComplianceFindingView[];
}

export class MeetingComplianceReportView {
  @ApiProperty() hospitalId!: string;
  @ApiProperty({ example: '2024-Q1' }) periodId!: string;
  @ApiProperty({ example: 'cn-branch-2018' }) rulePack!: string;
  @ApiProperty({ example: 1 }) lecturesPerBranchPerQuarter!: number;
  @ApiProperty({ type: [MeetingComplianceItemView] }) items!: MeetingComplianceItemView[];
}
