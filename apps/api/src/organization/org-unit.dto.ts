import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { BranchCategory, OrgUnitKind } from '@app/domain';
import { ID_PATTERN } from '../http/id.pipe';
import { ReadQuery } from '../http/read-query.dto';
import { IsCalendarDate, IsText } from '../http/validators';

const KINDS: OrgUnitKind[] = ['committee', 'general-branch', 'branch', 'group'];
const CATEGORIES: BranchCategory[] = ['clinical', 'medical-technical', 'administrative'];

export class EstablishOrgUnitDto {
  @ApiPropertyOptional({ example: 'cardiology', description: 'Generated when omitted' })
  @IsOptional()
  @Matches(ID_PATTERN)
  unitId?: string;

  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind!: OrgUnitKind;

  @ApiProperty({ example: '心内科党支部' })
  @IsText(200)
  name!: string;

  @ApiProperty({ example: 'pj-central' })
  @Matches(ID_PATTERN)
  hospitalId!: string;

  @ApiPropertyOptional({ example: 'pj-central-committee' })
  @IsOptional()
  @Matches(ID_PATTERN)
  parentId?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: BranchCategory;

  @ApiPropertyOptional({
    example: 'Asia/Shanghai',
    default: 'Asia/Shanghai',
    description: 'An IANA time zone name; one the runtime does not know is refused, 422 ORG.INVALID_TIME_ZONE',
  })
  @IsOptional()
  @Matches(/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2}$/)
  timeZone?: string;
}

export class DissolveOrgUnitDto {
  @ApiProperty({ example: '2024-06-30' })
  @IsCalendarDate()
  effectiveOn!: string;

  @ApiProperty({ example: '科室合并' })
  @IsText(500)
  reason!: string;
}

export class ListOrgUnitsQuery extends ReadQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN)
  hospitalId?: string;

  @ApiPropertyOptional({ enum: KINDS })
  @IsOptional()
  @IsIn(KINDS)
  kind?: OrgUnitKind;
}

export class OrgUnitView {
  @ApiProperty() unitId!: string;
  @ApiProperty({ enum: KINDS }) kind!: OrgUnitKind;
  @ApiProperty() name!: string;
  @ApiProperty() hospitalId!: string;
  @ApiProperty({ nullable: true, type: String }) parentId!: string | null;
  @ApiProperty({ nullable: true, enum: CATEGORIES }) category!: BranchCategory | null;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ enum: ['active', 'dissolved'] }) status!: 'active' | 'dissolved';
  @ApiProperty({ nullable: true, type: String }) dissolvedOn!: string | null;
}
