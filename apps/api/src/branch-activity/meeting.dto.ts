import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { MeetingKind } from '@app/domain';
import { ID_PATTERN } from '../http/id.pipe';
import { IsInstant, IsText } from '../http/validators';

export const MEETING_KINDS: MeetingKind[] = [
  'general-assembly',
  'branch-committee',
  'group-meeting',
  'theme-day',
  'organizational-life',
  'democratic-appraisal',
];

/** Far above any branch's roll; a bound keeps one request from naming the whole hospital many times over. */
export const MAX_PEOPLE = 500;
const MAX_VOTES = 100;
const MAX_VOTE_COUNT = 100_000;

/** May be left out, but never sent as null: null would say "clear it", which only `minutesSummary` allows. */
const IsOmittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export class AbsenteeDto {
  @ApiProperty({ example: 'm-zhangsan' })
  @Matches(ID_PATTERN)
  memberId!: string;

  @ApiProperty({ example: '外出进修' })
  @IsText(500)
  reason!: string;
}

export class VoteDto {
  @ApiProperty({ example: '接收张三为预备党员' })
  @IsText(500)
  motion!: string;

  @ApiProperty({ minimum: 0, example: 12 })
  @IsInt()
  @Min(0)
  @Max(MAX_VOTE_COUNT)
  yes!: number;

  @ApiProperty({ minimum: 0, example: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_VOTE_COUNT)
  no!: number;

  @ApiProperty({ minimum: 0, example: 1 })
  @IsInt()
  @Min(0)
  @Max(MAX_VOTE_COUNT)
  abstain!: number;

  @ApiPropertyOptional({ default: false, description: 'An election (选举) rather than a resolution' })
  @IsOptional()
  @IsBoolean()
  election?: boolean;
}

export class HoldMeetingDto {
  @ApiPropertyOptional({ example: 'mt-2024-03-cardiology', description: 'Generated when omitted' })
  @IsOptional()
  @Matches(ID_PATTERN)
  meetingId?: string;

  @ApiProperty({ example: 'cardiology' })
  @Matches(ID_PATTERN)
  unitId!: string;

  @ApiProperty({ enum: MEETING_KINDS, description: 'group-meeting is held in a group, every other kind in a branch' })
  @IsIn(MEETING_KINDS)
  kind!: MeetingKind;

  @ApiProperty({ example: '2024-03-12T09:30:00+08:00' })
  @IsInstant()
  heldAt!: string;

  @ApiProperty({ example: '学习贯彻党的二十大精神' })
  @IsText(200)
  topic!: string;

  @ApiProperty({ example: 'm-sec' })
  @Matches(ID_PATTERN)
  hostMemberId!: string;

  @ApiProperty({ type: [String], maxItems: MAX_PEOPLE, example: ['m-a', 'm-b'] })
  @IsArray()
  @ArrayMaxSize(MAX_PEOPLE)
  @Matches(ID_PATTERN, { each: true })
  attendeeIds!: string[];

  @ApiProperty({ type: [AbsenteeDto], maxItems: MAX_PEOPLE })
  @IsArray()
  @ArrayMaxSize(MAX_PEOPLE)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AbsenteeDto)
  absentees!: AbsenteeDto[];

  @ApiPropertyOptional({ example: '会议学习了……，布置了……', nullable: true, type: String })
  @IsOptional()
  @IsText(10_000)
  minutesSummary?: string | null;

  @ApiPropertyOptional({ type: [VoteDto], maxItems: MAX_VOTES, default: [] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_VOTES)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => VoteDto)
  votes?: VoteDto[];
}

/** Only the fields sent are corrected; the rest of the record stands. */
export class CorrectMeetingRecordDto {
  @ApiProperty({ example: '漏记一名出席党员' })
  @IsText(500)
  reason!: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_PEOPLE, description: 'The whole corrected list' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_PEOPLE)
  @Matches(ID_PATTERN, { each: true })
  attendeeIds?: string[];

  @ApiPropertyOptional({ type: [AbsenteeDto], maxItems: MAX_PEOPLE, description: 'The whole corrected list' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_PEOPLE)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AbsenteeDto)
  absentees?: AbsenteeDto[];

  @ApiPropertyOptional({ example: '学习贯彻党的二十大精神' })
  @IsOmittable()
  @IsText(200)
  topic?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears the summary' })
  @IsOptional()
  @IsText(10_000)
  minutesSummary?: string | null;

  @ApiPropertyOptional({ type: [VoteDto], maxItems: MAX_VOTES, description: 'The whole corrected list' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_VOTES)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => VoteDto)
  votes?: VoteDto[];
}

export class RevokeMeetingRecordDto {
  @ApiProperty({ example: '重复录入' })
  @IsText(500)
  reason!: string;
}
