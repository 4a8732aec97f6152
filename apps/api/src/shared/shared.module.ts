import { Global, Module } from '@nestjs/common';
import { HospitalScope } from './hospital-scope';
import { OrganizationFacts } from './organization-facts';

@Global()
@Module({ providers: [OrganizationFacts, HospitalScope], exports: [OrganizationFacts, HospitalScope] })
export class SharedModule {}
