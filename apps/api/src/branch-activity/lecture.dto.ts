import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID_PATTERN } from '../http/id.pipe';
import { IsInstant, IsText } from '../http/validators';
import { MAX_PEOPLE } from './meeting.dto';

export class GiveLectureDto {
  @ApiPropertyOptional({ example: 'lc-2024-q1-cardiology', description: 'Generated when omitted' })
  @IsOptional()
  @Matches(ID_PATTERN)
  lectureId?: string;

  @ApiProperty({ example: 'cardiology', description: 'Any unit: a committee’s lecture counts every member beneath it' })
  @Matches(ID_PATTERN)
  unitId!: string;

  @ApiProperty({ example: 'm-sec' })
  @Matches(ID_PATTERN)
  lecturerId!: string;

  @ApiProperty({ example: '践行初心使命，守护人民健康' })
  @IsText(200)
  title!: string;

  @ApiProperty({ example: '2024-03-20T14:00:00+08:00' })
  @IsInstant()
  givenAt!: string;

  @ApiProperty({ type: [String], maxItems: MAX_PEOPLE, example: ['m-a', 'm-b'] })
  @IsArray()
  @ArrayMaxSize(MAX_PEOPLE)
  @Matches(ID_PATTERN, { each: true })
  attendeeIds!: string[];

  @ApiProperty({ minimum: 1, maximum: 1440, example: 90 })
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes!: number;
}
