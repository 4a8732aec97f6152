import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { NOT_APPLICABLE_RULES, type IndicatorSource, type NotApplicableRule } from '@app/domain';
import { ID_PATTERN } from '../http/id.pipe';
import { IsText } from '../http/validators';

export const SOURCES: IndicatorSource[] = ['manual', 'meeting-compliance', 'follow-up-rate'];

/** Bounds that keep absurd numbers out; the scheme's own rules (max > 0, ordered stars) are the decider's. */
export const MAX_POINTS = 1000;
const MAX_TOTAL = 1_000_000;
export const MAX_ENTRIES = 200;
const FINITE = { allowNaN: false, allowInfinity: false };

export class IndicatorDto {
  @ApiProperty({ example: 'daily-work' })
  @Matches(ID_PATTERN)
  code!: string;

  @ApiProperty({ example: '日常工作' })
  @IsText(200)
  name!: string;

  @ApiProperty({ example: 40, minimum: 0, maximum: MAX_POINTS, description: 'Must be above 0' })
  @IsNumber(FINITE)
  @Min(0)
  @Max(MAX_POINTS)
  max!: number;

  @ApiProperty({
    enum: SOURCES,
    description: '`manual` is scored on sheets; the others are computed from the period’s reports',
  })
  @IsIn(SOURCES)
  source!: IndicatorSource;
}

export class StarThresholdDto {
  @ApiProperty({ example: 5, minimum: 1, maximum: 10 })
  @IsInt()
  @Min(1)
  @Max(10)
  stars!: number;

  @ApiProperty({ example: 90, minimum: 0, maximum: MAX_TOTAL, description: 'A total of at least this earns the stars' })
  @IsNumber(FINITE)
  @Min(0)
  @Max(MAX_TOTAL)
  minTotal!: number;
}

export class PublishScoringSchemeDto {
  @ApiProperty({ example: 'scheme-2025', description: 'Published once and never edited; a new version is a new id' })
  @Matches(ID_PATTERN)
  schemeId!: string;

  @ApiProperty({ type: [IndicatorDto], maxItems: MAX_ENTRIES })
  @IsArray()
  @ArrayMaxSize(MAX_ENTRIES)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators!: IndicatorDto[];

  @ApiProperty({ example: 10, minimum: 0, maximum: MAX_POINTS, description: '加分项: cap on a sheet’s bonus points' })
  @IsNumber(FINITE)
  @Min(0)
  @Max(MAX_POINTS)
  bonusCap!: number;

  @ApiProperty({
    example: 20,
    minimum: 0,
    maximum: MAX_POINTS,
    description: '扣分项: cap on a sheet’s deduction points',
  })
  @IsNumber(FINITE)
  @Min(0)
  @Max(MAX_POINTS)
  deductionCap!: number;

  @ApiProperty({ type: [StarThresholdDto], maxItems: 10, description: 'More stars need a strictly higher total' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => StarThresholdDto)
  stars!: StarThresholdDto[];

  @ApiPropertyOptional({
    enum: NOT_APPLICABLE_RULES,
    default: 'rescale',
    description:
      'How an automatic indicator with no basis in the period (no meeting required, nobody discharged) is scored: ' +
      '`rescale` scales the indicator points over the indicators that apply, `full` awards its max, `zero` nothing',
  })
  @IsOptional()
  @IsIn(NOT_APPLICABLE_RULES)
  notApplicable?: NotApplicableRule;
}
