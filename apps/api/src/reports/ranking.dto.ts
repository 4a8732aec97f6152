import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import {
  NOT_APPLICABLE_RULES,
  type AutomaticIndicator,
  type BranchCategory,
  type NotApplicableRule,
} from '@app/domain';
import { ID_PATTERN } from '../http/id.pipe';
import { FromDecimal } from '../http/validators';
import { AsOfQuery, RankingQuery } from './report-query.dto';

const CATEGORIES: BranchCategory[] = ['clinical', 'medical-technical', 'administrative'];

export class BranchRankingQuery extends RankingQuery {
  @ApiProperty({ example: 'pj-central-2024-Q1' })
  @Matches(ID_PATTERN)
  periodId!: string;

  @ApiPropertyOptional({ description: 'Must be the period’s hospital when given, e.g. `pj-central`' })
  @IsOptional()
  @Matches(ID_PATTERN)
  hospitalId?: string;

  @ApiPropertyOptional({ enum: CATEGORIES, description: 'Rank within one branch category' })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: BranchCategory;

  @ApiPropertyOptional({ description: 'Lines to skip; default 0' })
  @IsOptional()
  @FromDecimal()
  @IsInt()
  @Min(0)
  offset?: number;
}

export class PerformanceFundQuery extends AsOfQuery {
  @ApiProperty({ example: 'pj-central' })
  @Matches(ID_PATTERN)
  hospitalId!: string;

  @ApiProperty({ example: 'pj-central-2024-Q1' })
  @Matches(ID_PATTERN)
  periodId!: string;

  @ApiProperty({ example: 750000, description: 'Yuan, at most 2 decimals' })
  @FromDecimal()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(10_000_000_000)
  amount!: number;
}

const AUTOMATIC_INDICATORS: AutomaticIndicator[] = ['meetingCompliance', 'followUpRate'];

/** How a not-applicable indicator is scored, once for the ranking's doc. */
export const NOT_APPLICABLE_DOC =
  'An automatic indicator with no basis in the period (no meeting was required; nobody was discharged) is not ' +
  'applicable: its points are null, it is listed in `notApplicable`, and the scheme’s `notApplicableRule` scores ' +
  'it. `rescale` (the default): the indicator points (manual items + automatic points that apply) are scaled by ' +
  '(sum of every indicator max) ÷ (sum of the maxima that apply), then bonuses − deductions are added, floored at ' +
  '0 — e.g. 68 manual + 7.5 compliance with no discharges: 75.5 × 100 ÷ 90 = 83.89. `full`: the indicator earns ' +
  'its max. `zero`: it earns nothing.';

class RatiosView {
  @ApiProperty({ nullable: true, type: Number, description: 'Null: no meeting was required (not applicable)' })
  meetingCompliance!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Null: nobody was discharged (not applicable)' })
  followUpRate!: number | null;
}

class BranchRankingItemView {
  @ApiProperty() rank!: number;
  @ApiProperty() branchId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, enum: CATEGORIES }) category!: BranchCategory | null;
  @ApiProperty() total!: number;
  @ApiProperty() stars!: number;
  @ApiProperty({ description: 'Mean of the assessors’ manual items' }) manual!: number;
  @ApiProperty() bonus!: number;
  @ApiProperty() deduction!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Points: max × compliance ratio; null: not applicable' })
  meetingCompliance!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Points: max × follow-up rate; null: not applicable' })
  followUpRate!: number | null;
  @ApiProperty({
    enum: AUTOMATIC_INDICATORS,
    isArray: true,
    example: ['followUpRate'],
    description: 'Automatic indicators with no basis in the period, scored by the ranking’s `notApplicableRule`',
  })
  notApplicable!: readonly AutomaticIndicator[];
  @ApiProperty() assessors!: number;
  @ApiProperty({ type: RatiosView }) ratios!: RatiosView;
}

export class BranchRankingView {
  @ApiProperty() periodId!: string;
  @ApiProperty() hospitalId!: string;
  @ApiProperty({ example: '2024-Q1' }) quarter!: string;
  @ApiProperty({ example: 'default-2024' }) schemeId!: string;
  @ApiProperty({ example: 'cn-branch-2018' }) rulePack!: string;
  @ApiProperty({ enum: NOT_APPLICABLE_RULES, example: 'rescale', description: NOT_APPLICABLE_DOC })
  notApplicableRule!: NotApplicableRule;
  @ApiProperty() closed!: boolean;
  @ApiProperty() count!: number;
  @ApiProperty({ type: [BranchRankingItemView] }) items!: BranchRankingItemView[];
}

class FundShareView {
  @ApiProperty() branchId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The ranking’s total: not-applicable indicators scored by the scheme’s rule' })
  total!: number;
  @ApiProperty({ description: 'Whole fen (分)' }) shareFen!: number;
}

export class PerformanceFundView {
  @ApiProperty() periodId!: string;
  @ApiProperty({ example: 75000000 }) amountFen!: number;
  @ApiProperty({ type: [FundShareView] }) items!: FundShareView[];
}
