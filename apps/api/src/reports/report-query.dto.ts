import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID_PATTERN } from '../http/id.pipe';
import { ReadQuery } from '../http/read-query.dto';
import { FromDecimal, IsInstant } from '../http/validators';

/** Every report can answer as the read models stood at a past time. */
export class AsOfQuery extends ReadQuery {
  @ApiPropertyOptional({
    description: 'Answer as the read models stood then, e.g. `2024-04-01T00:00:00+08:00`',
  })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}

/** A ranking's page size. */
export class RankingQuery extends AsOfQuery {
  @ApiPropertyOptional({ description: 'Default 100' })
  @IsOptional()
  @FromDecimal()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class FollowUpReportQuery extends AsOfQuery {
  @ApiProperty({ example: 'pj-central' })
  @Matches(ID_PATTERN)
  hospitalId!: string;

  @ApiProperty({ example: '2024-03', description: 'Discharge month, in the hospital’s time zone' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month!: string;
}

class FollowUpReportItemView {
  @ApiProperty() branchId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() scheduled!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() completedOnTime!: number;
  @ApiProperty({ nullable: true, type: Number }) rate!: number | null;
  @ApiProperty({ nullable: true, type: Number }) onTimeRate!: number | null;
  @ApiProperty({ nullable: true, type: Number }) meanSatisfaction!: number | null;
}

export class FollowUpReportView {
  @ApiProperty() hospitalId!: string;
  @ApiProperty() month!: string;
  @ApiProperty({ example: 'cn-branch-2018' }) rulePack!: string;
  @ApiProperty({ example: 7 }) followUpWindowDays!: number;
  @ApiProperty({ type: [FollowUpReportItemView] }) items!: FollowUpReportItemView[];
}
