import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MembersController } from './members.controller';
import { MemberCommandHandler, OrgUnitCommandHandler } from './organization.commands';
import { OrgUnitsController } from './org-units.controller';

@Module({
  imports: [CqrsModule],
  controllers: [OrgUnitsController, MembersController],
  providers: [OrgUnitCommandHandler, MemberCommandHandler],
})
export class OrganizationModule {}
