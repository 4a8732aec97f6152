import { ServiceUnavailableException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import { APP_CONFIG } from '@app/config';
import { EVENT_STORE } from '@app/event-store';
import { ReadModelProgress } from '@app/read-models';
import { AuditIntegrity } from '../audit/audit-integrity';
import { HealthController } from './health.controller';

describe('readiness', () => {
  async function readinessGiven({
    head,
    position,
    readyMaxLag,
    intact = true,
  }: {
    head: string;
    position: string;
    readyMaxLag: number;
    intact?: boolean;
  }) {
    const module = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        { provide: EVENT_STORE, useValue: { headPosition: async () => head } },
        { provide: ReadModelProgress, useValue: { position: async () => position } },
        { provide: APP_CONFIG, useValue: { readyMaxLag } },
        { provide: AuditIntegrity, useValue: { intact, status: () => ({ eventsChecked: 3 }) } },
      ],
    }).compile();
    return module.get(HealthController).ready();
  }

  it('is ready while the read models trail the log by at most READY_MAX_LAG positions', async () => {
    const answer = await readinessGiven({ head: '1500', position: '1000', readyMaxLag: 500 });
    expect(answer.status).toBe('ok');
    expect(answer.info?.readModels).toMatchObject({ status: 'up', lag: 500 });
  });

  it('turns unready one position beyond the threshold, and says by how much', async () => {
    const refusal = await readinessGiven({ head: '1501', position: '1000', readyMaxLag: 500 }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ServiceUnavailableException);
    expect((refusal as ServiceUnavailableException).getResponse()).toMatchObject({
      status: 'error',
      error: { readModels: { status: 'down', lag: 501, headPosition: '1501', position: '1000' } },
    });
  });

  it('takes READY_MAX_LAG=0 as: ready only when fully caught up', async () => {
    await expect(readinessGiven({ head: '7', position: '7', readyMaxLag: 0 })).resolves.toMatchObject({ status: 'ok' });
    await expect(readinessGiven({ head: '8', position: '7', readyMaxLag: 0 })).rejects.toBeInstanceOf(
      ServiceUnavailableException,
    );
  });

  it('turns unready while the audit log failed its start-up verification, with what it found', async () => {
    const refusal = await readinessGiven({ head: '7', position: '7', readyMaxLag: 0, intact: false }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ServiceUnavailableException);
    expect((refusal as ServiceUnavailableException).getResponse()).toMatchObject({
      error: { auditLog: { status: 'down', eventsChecked: 3 } },
    });
  });
});
