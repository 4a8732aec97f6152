import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ID_PATTERN } from '../http/id.pipe';
import { IsText } from '../http/validators';
import { MAX_ENTRIES, MAX_POINTS } from './scoring-scheme.dto';

const FINITE = { allowNaN: false, allowInfinity: false };

export class OpenAssessmentPeriodDto {
  @ApiProperty({ example: '2024-Q1', description: 'Ends in the quarter it assesses: `2024-Q1`, `pj-central-2024-Q1`' })
  @Matches(ID_PATTERN)
  periodId!: string;

  @ApiProperty({ example: 'pj-central' })
  @Matches(ID_PATTERN)
  hospitalId!: string;

  @ApiProperty({ example: 'default-2024', description: '`default-2024` ships with the product' })
  @Matches(ID_PATTERN)
  schemeId!: string;
}

export class ChangePeriodSchemeDto {
  @ApiProperty({ example: 'pj-central-2024-revised', description: 'A published scheme every sheet handed in fits' })
  @Matches(ID_PATTERN)
  schemeId!: string;

  @ApiProperty({ example: '党委会议决定调整考核细则' })
  @IsText(500)
  reason!: string;
}

export class ItemScoreDto {
  @ApiProperty({ example: 'daily-work', description: 'A manual indicator of the period’s scheme' })
  @Matches(ID_PATTERN)
  code!: string;

  @ApiProperty({ example: 36.5, minimum: 0, maximum: MAX_POINTS, description: 'Within [0, the indicator’s max]' })
  @IsNumber(FINITE)
  @Min(0)
  @Max(MAX_POINTS)
  score!: number;
}

export class AdjustmentDto {
  @ApiProperty({ example: 'award' })
  @Matches(ID_PATTERN)
  code!: string;

  @ApiProperty({ example: 2, minimum: 0, maximum: MAX_POINTS })
  @IsNumber(FINITE)
  @Min(0)
  @Max(MAX_POINTS)
  points!: number;

  @ApiProperty({ example: '获评市级先进基层党组织' })
  @IsText(500)
  reason!: string;
}

/** One assessor's sheet for one branch; the branch is named in the body when scoring, in the path when correcting. */
class SheetDto {
  @ApiProperty({
    example: 'm-lisi',
    description: 'A committee member from outside the branch; an assessor enters only its own sheets (its `sub`)',
  })
  @Matches(ID_PATTERN)
  assessorId!: string;

  @ApiProperty({ type: [ItemScoreDto], maxItems: MAX_ENTRIES, description: 'Every manual indicator, once' })
  @IsArray()
  @ArrayMaxSize(MAX_ENTRIES)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ItemScoreDto)
  items!: ItemScoreDto[];

  @ApiProperty({ type: [AdjustmentDto], maxItems: MAX_ENTRIES, description: '加分项, within the scheme’s bonusCap' })
  @IsArray()
  @ArrayMaxSize(MAX_ENTRIES)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AdjustmentDto)
  bonuses!: AdjustmentDto[];

  @ApiProperty({
    type: [AdjustmentDto],
    maxItems: MAX_ENTRIES,
    description: '扣分项, within the scheme’s deductionCap',
  })
  @IsArray()
  @ArrayMaxSize(MAX_ENTRIES)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AdjustmentDto)
  deductions!: AdjustmentDto[];
}

export class ScoreBranchDto extends SheetDto {
  @ApiProperty({ example: 'cardiology' })
  @Matches(ID_PATTERN)
  branchId!: string;
}

/** The contract's "same body plus reason": `branchId` may be repeated from the path, and must then match it. */
export class CorrectBranchScoreDto extends SheetDto {
  @ApiPropertyOptional({ example: 'cardiology', description: 'Optional; must equal the path’s branchId' })
  @IsOptional()
  @Matches(ID_PATTERN)
  branchId?: string;

  @ApiProperty({ example: '复核发现日常工作分数录入有误' })
  @IsText(500)
  reason!: string;
}
