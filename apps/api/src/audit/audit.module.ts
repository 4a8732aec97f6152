import { Module } from '@nestjs/common';
import { AuditStreamsController } from './audit-streams.controller';
import { AuditController } from './audit.controller';

@Module({ controllers: [AuditController, AuditStreamsController] })
export class AuditModule {}
