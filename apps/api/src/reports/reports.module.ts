import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HospitalPoliciesController, HospitalPolicyCommandHandler } from './hospital-policies.controller';
import { MeetingComplianceController } from './meeting-compliance.controller';
import { OrganizationReportController } from './organization-report.controller';
import { RankingsController } from './rankings.controller';
import { ReportSource } from './report-source';
import { ReportsController } from './reports.controller';

@Module({
  imports: [CqrsModule],
  controllers: [
    ReportsController,
    HospitalPoliciesController,
    OrganizationReportController,
    MeetingComplianceController,
    RankingsController,
  ],
  providers: [ReportSource, HospitalPolicyCommandHandler],
})
export class ReportsModule {}
