import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { CallOutcome } from '@app/domain';
import { ID_PATTERN } from '../http/id.pipe';
import { IsInstant, IsText } from '../http/validators';

export const OUTCOMES: CallOutcome[] = ['reached', 'no-answer', 'wrong-number', 'declined'];

export class ScheduleFollowUpDto {
  @ApiPropertyOptional({ example: 'fu-2024-0312-001', description: 'Generated when omitted' })
  @IsOptional()
  @Matches(ID_PATTERN)
  followUpId?: string;

  @ApiProperty({ example: 'cardiology' })
  @Matches(ID_PATTERN)
  branchId!: string;

  @ApiProperty({
    example: 'ADM-2024-000123',
    description: 'The hospital’s opaque admission reference; never a name, mobile or resident ID number',
  })
  @IsText(100)
  patientRef!: string;

  @ApiProperty({ example: '2024-03-12T09:30:00+08:00' })
  @IsInstant()
  dischargedAt!: string;
}

export class AttemptFollowUpDto {
  @ApiProperty({ example: 'm-zhangsan', description: 'A member of the follow-up’s branch at the time of the call' })
  @Matches(ID_PATTERN)
  callerMemberId!: string;

  @ApiProperty({ example: '2024-03-19T15:00:00+08:00' })
  @IsInstant()
  calledAt!: string;

  @ApiProperty({ enum: OUTCOMES, description: '`reached` completes the follow-up (回访完成)' })
  @IsIn(OUTCOMES)
  outcome!: CallOutcome;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, example: 5, description: 'Only when the patient was reached' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction?: number;

  @ApiPropertyOptional({ example: '恢复良好，已提醒按时复诊' })
  @IsOptional()
  @IsText(1000)
  notes?: string;
}
