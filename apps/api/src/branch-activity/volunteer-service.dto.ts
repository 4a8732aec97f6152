import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID_PATTERN } from '../http/id.pipe';
import { IsCalendarDate, IsText } from '../http/validators';
import { MAX_PEOPLE } from './meeting.dto';

const MAX_BENEFICIARIES = 1_000_000;

export class HoldVolunteerServiceDto {
  @ApiPropertyOptional({ example: 'vs-2024-03-community', description: 'Generated when omitted' })
  @IsOptional()
  @Matches(ID_PATTERN)
  serviceId?: string;

  @ApiProperty({ example: 'cardiology' })
  @Matches(ID_PATTERN)
  unitId!: string;

  @ApiProperty({ example: '2024-03-05' })
  @IsCalendarDate()
  heldOn!: string;

  @ApiProperty({ example: '幸福里社区卫生服务站' })
  @IsText(200)
  place!: string;

  @ApiProperty({ type: [String], maxItems: MAX_PEOPLE, example: ['m-a', 'm-b'] })
  @IsArray()
  @ArrayMaxSize(MAX_PEOPLE)
  @Matches(ID_PATTERN, { each: true })
  participantIds!: string[];

  @ApiProperty({ minimum: 0, example: 120, description: 'People served' })
  @IsInt()
  @Min(0)
  @Max(MAX_BENEFICIARIES)
  beneficiaries!: number;
}
