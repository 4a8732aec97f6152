import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import type { BranchCategory } from '@app/domain';
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

class RatiosView {
  @ApiProperty({ nullable: true, type: Number }) meetingCompliance!: number | null;
  @ApiProperty({ nullable: true, type: Number }) followUpRate!: number | null;
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
  @ApiProperty({ description: 'Points: max × compliance ratio' }) meetingCompliance!: number;
  @ApiProperty({ description: 'Points: max × follow-up rate' }) followUpRate!: number;
  @ApiProperty() assessors!: number;
  @ApiProperty({ type: RatiosView }) ratios!: RatiosView;
}

export class BranchRankingView {
  @ApiProperty() periodId!: string;
  @ApiProperty() hospitalId!: string;
  @ApiProperty({ example: '2024-Q1' }) quarter!: string;
  @ApiProperty({ example: 'default-2024' }) schemeId!: string;
  @ApiProperty({ example: 'cn-branch-2018' }) rulePack!: string;
  @ApiProperty() closed!: boolean;
  @ApiProperty() count!: number;
  @ApiProperty({ type: [BranchRankingItemView] }) items!: BranchRankingItemView[];
}

class FundShareView {
  @ApiProperty() branchId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Whole fen (分)' }) shareFen!: number;
}

export class PerformanceFundView {
  @ApiProperty() periodId!: string;
  @ApiProperty({ example: 75000000 }) amountFen!: number;
  @ApiProperty({ type: [FundShareView] }) items!: FundShareView[];
}
