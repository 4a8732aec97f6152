import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { IsText } from '../http/validators';

class MemberPointsDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() attendMeeting?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() giveLecture?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() attendLecture?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() completeFollowUp?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() volunteerService?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() unexcusedAbsence?: number;
}

/** A hospital's own policy values (*policy* in domain-rules.md); omitted fields keep their current value. */
export class SetHospitalPolicyDto {
  @ApiPropertyOptional({ example: 'cn-branch-2018' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/)
  rulePackId?: string;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  lecturesPerBranchPerQuarter?: number;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  committeeSecretaryLecturesPerYear?: number;

  @ApiPropertyOptional({ example: 7 })
  @IsOptional()
  @IsInt()
  followUpWindowDays?: number;

  @ApiPropertyOptional({ type: MemberPointsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MemberPointsDto)
  points?: MemberPointsDto;

  @ApiProperty({ example: '院党委会2024年第3次会议决定' })
  @IsText(500)
  reason!: string;
}

class MemberPointsView {
  @ApiProperty() attendMeeting!: number;
  @ApiProperty() giveLecture!: number;
  @ApiProperty() attendLecture!: number;
  @ApiProperty() completeFollowUp!: number;
  @ApiProperty() volunteerService!: number;
  @ApiProperty() unexcusedAbsence!: number;
}

class HospitalPolicyValuesView {
  @ApiProperty() lecturesPerBranchPerQuarter!: number;
  @ApiProperty() committeeSecretaryLecturesPerYear!: number;
  @ApiProperty() followUpWindowDays!: number;
  @ApiProperty({ type: MemberPointsView }) points!: MemberPointsView;
}

export class HospitalPolicyView {
  @ApiProperty() hospitalId!: string;
  @ApiProperty({ example: 'cn-branch-2018' }) rulePack!: string;
  @ApiProperty({ type: HospitalPolicyValuesView }) policy!: HospitalPolicyValuesView;
}
