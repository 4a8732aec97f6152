import { Module } from '@nestjs/common';
import { SharedModule } from '../shared/shared.module';
import { ProjectionsController } from './projections.controller';

@Module({ imports: [SharedModule], controllers: [ProjectionsController] })
export class AdminModule {}
