import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EstablishOrgUnitHandler } from './org-unit.commands';
import { OrgUnitsController } from './org-units.controller';

@Module({
  imports: [CqrsModule],
  controllers: [OrgUnitsController],
  providers: [EstablishOrgUnitHandler],
})
export class OrganizationModule {}
