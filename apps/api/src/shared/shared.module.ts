import { Global, Module } from '@nestjs/common';
import { OrganizationFacts } from './organization-facts';
import { UnitAccess } from './unit-access';

@Global()
@Module({ providers: [OrganizationFacts, UnitAccess], exports: [OrganizationFacts, UnitAccess] })
export class SharedModule {}
