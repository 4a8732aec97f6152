import { DEFAULT_SCHEME_2024 } from '@app/domain';
import { JwtService } from '@nestjs/jwt';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { verifyNdjsonExport } from './independent-verifier';
import { startServer, type ServerProcess } from './server-process';

/**
 * The crash campaign of the hardening issue: the API as a child process, many concurrent clients sending commands,
 * SIGKILL at random moments (some during a projection rebuild, one round ending in SIGTERM instead), a restart
 * after each, and at the end a check of the log against every answer the clients got, of the hash chains, and of
 * the live read models against a from-scratch replay. Violations are collected, not thrown, so a soak run can
 * report them all with its figures.
 */
export interface CampaignOptions {
  /** Rounds of load that end in a kill (the last round of all ends in SIGTERM). */
  readonly killRounds: number;
  /** Concurrent clients sending commands. */
  readonly clients: number;
  /** Each round's load runs until this many commands have been sent, then on for a random time up to `maxRoundMs`. */
  readonly commandsPerRound: number;
  readonly maxRoundMs: number;
  /** Stop starting new rounds after this long, whatever `killRounds` says (the soak's clock). */
  readonly deadlineMs?: number;
  readonly progress?: (line: string) => void;
}

export interface CampaignFigures {
  readonly commandsSent: number;
  readonly acknowledged: number;
  readonly refused: number;
  /** Answers lost to a kill: each was sent again with its Idempotency-Key after the restart. */
  readonly resent: number;
  readonly kills: number;
  /** Kills that landed while a projection rebuild was running. */
  readonly killsMidRebuild: number;
  readonly sigterms: number;
  /** Requests in flight at SIGTERM left without an answer: a graceful shutdown drains them, so 0. */
  readonly unansweredAtSigterm: number;
  readonly eventsVerified: number;
  readonly streams: number;
  readonly readModelQueriesCompared: number;
  /** Every violated invariant, in words; the campaign passes when this is empty. */
  readonly mismatches: readonly string[];
}

type Outcome = 'acknowledged' | 'refused' | 'unknown';

interface SentCommand {
  readonly correlationId: string;
  readonly idempotencyKey: string;
  readonly path: string;
  readonly body: object;
  outcome: Outcome;
  sends: number;
  /** What the acknowledgement said was written. */
  written?: { readonly streamId: string; readonly eventIds: readonly string[] };
  /** Operations (verification, export) record an access event of their own: any count is right. */
  readonly writesUnknownCount?: boolean;
}

const ROOT = join(__dirname, '..', '..');
const HOSPITAL_ID = 'crash-h';
const COMMITTEE = `${HOSPITAL_ID}-committee`;
const PERIOD_ID = `${HOSPITAL_ID}-2024-Q1`;
const BRANCHES = [1, 2, 3].map((n) => `${HOSPITAL_ID}-b${n}`);
const MEMBERS_PER_BRANCH = 6;
const SECRET = `crash-campaign-secret-${'x'.repeat(24)}`;
const KILL_MID_REBUILD_EVERY = 3;

const membersOf = (branchId: string) =>
  Array.from({ length: MEMBERS_PER_BRANCH }, (_, n) => `${branchId.slice(HOSPITAL_ID.length + 1)}-m${n}`);
const secretaryOf = (branchId: string) => membersOf(branchId)[0];
const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)];
const some = <T>(values: readonly T[]): T[] => values.filter((_, n) => n === 0 || Math.random() < 0.6);
const day = (from: number, span: number) => String(from + Math.floor(Math.random() * span)).padStart(2, '0');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCrashCampaign(options: CampaignOptions): Promise<CampaignFigures> {
  const campaign = new Campaign(options);
  try {
    return await campaign.run();
  } finally {
    await campaign.dispose();
  }
}

class Campaign {
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'crash-campaign-'));
  private readonly token = new JwtService({ secret: SECRET }).sign(
    { sub: 'crash-admin', roles: ['admin'], hospitalId: HOSPITAL_ID },
    { expiresIn: 24 * 3600 },
  );
  private readonly commands: SentCommand[] = [];
  private readonly followUps: { readonly id: string; readonly branchId: string }[] = [];
  private readonly meetings: string[] = [];
  private readonly mismatches: string[] = [];
  private api: ServerProcess | undefined;
  private sequence = 0;
  private kills = 0;
  private killsMidRebuild = 0;
  private sigterms = 0;
  private resent = 0;
  private readonly startedAt = Date.now();

  constructor(private readonly options: CampaignOptions) {}

  async run(): Promise<CampaignFigures> {
    const { killRounds, deadlineMs, progress = () => undefined } = this.options;
    await this.start();
    await this.seed();
    for (let round = 1; round <= killRounds; round++) {
      if (deadlineMs !== undefined && Date.now() - this.startedAt > deadlineMs) break;
      const midRebuild = round % KILL_MID_REBUILD_EVERY === 0;
      await this.load(() => (midRebuild ? this.killDuringRebuild() : this.killAtRandom()));
      await this.start();
      await this.resendUnanswered();
      progress(this.summary(`round ${round}`));
    }
    // A last round ended gracefully: the requests in flight at SIGTERM must all be answered, none cut off.
    await this.load(async () => {
      await this.api!.stop();
      this.sigterms++;
    });
    const unansweredAtSigterm = this.count('unknown');
    await this.start();
    await this.resendUnanswered();
    const liveReadModels = await this.readModelAnswers();
    await this.api!.stop();

    // A new process on the same log: its read models are a replay from scratch.
    await this.start();
    const replayedReadModels = await this.readModelAnswers();
    this.compareReadModels(liveReadModels, replayedReadModels);
    await this.verifyChainsThroughTheApi();
    await this.api!.stop();
    const { events, streams } = this.verifyLog();
    progress(this.summary('done'));
    return {
      commandsSent: this.commands.length,
      acknowledged: this.count('acknowledged'),
      refused: this.count('refused'),
      resent: this.resent,
      kills: this.kills,
      killsMidRebuild: this.killsMidRebuild,
      sigterms: this.sigterms,
      unansweredAtSigterm,
      eventsVerified: events,
      streams,
      readModelQueriesCompared: liveReadModels.size,
      mismatches: this.mismatches,
    };
  }

  async dispose(): Promise<void> {
    await this.api?.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private count(outcome: Outcome): number {
    return this.commands.filter((command) => command.outcome === outcome).length;
  }

  private summary(label: string): string {
    return (
      `${label}: ${this.commands.length} commands sent, ${this.count('acknowledged')} acknowledged, ` +
      `${this.kills} kills (${this.killsMidRebuild} mid-rebuild), ${this.resent} resent, ` +
      `${this.mismatches.length} mismatches, ${Math.round((Date.now() - this.startedAt) / 1000)} s`
    );
  }

  private async start(): Promise<void> {
    this.api = await startServer({
      args: ['-r', '@swc-node/register', join(ROOT, 'apps', 'api', 'src', 'main.ts')],
      cwd: ROOT,
      env: {
        DATA_DIR: this.dataDir,
        AUTH_JWT_SECRET: SECRET,
        LOG_LEVEL: 'warn',
        // The campaign is one client; it measures safety, not the limiter.
        RATE_LIMIT_PER_MINUTE: '0',
      },
      readyPath: '/health/ready',
      logFile: join(this.dataDir, 'api.log'),
    });
  }

  private async http(method: 'GET' | 'POST', path: string, body?: object, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.api!.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
  }

  /** Sends (or sends again) one command and records what its answer proves. */
  private async send(command: SentCommand): Promise<void> {
    command.sends++;
    try {
      const answer = await this.http('POST', command.path, command.body, {
        'idempotency-key': command.idempotencyKey,
        'x-correlation-id': command.correlationId,
      });
      if (answer.status === 200 || answer.status === 201) {
        const body = answer.json();
        if (answer.status === 200 && command.sends === 1) {
          this.mismatches.push(`${command.path}: a first send was answered as a replay`);
        }
        command.outcome = 'acknowledged';
        if (!command.writesUnknownCount) {
          const events = body.events as { eventId: string }[];
          command.written = { streamId: body.streamId as string, eventIds: events.map((event) => event.eventId) };
        }
      } else if (answer.status === 503) {
        // Fastify answers 503 while it closes: nothing was handled, so the outcome is still open.
        command.outcome = 'unknown';
      } else if (answer.status >= 400 && answer.status < 500) {
        command.outcome = 'refused';
      } else {
        command.outcome = 'refused';
        this.mismatches.push(`${command.path}: answered ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    } catch {
      command.outcome = 'unknown';
    }
  }

  private newCommand(path: string, body: object, writesUnknownCount = false): SentCommand {
    const command: SentCommand = {
      correlationId: `crash-${randomUUID()}`,
      idempotencyKey: randomUUID(),
      path,
      body,
      outcome: 'unknown',
      sends: 0,
      writesUnknownCount,
    };
    this.commands.push(command);
    return command;
  }

  private async seedCommand(path: string, body: object): Promise<void> {
    const command = this.newCommand(path, body);
    await this.send(command);
    if (command.outcome !== 'acknowledged') throw new Error(`seeding ${path} failed: ${JSON.stringify(body)}`);
  }

  private async seed(): Promise<void> {
    const hospitalId = HOSPITAL_ID;
    await this.seedCommand('/api/org-units', { unitId: COMMITTEE, kind: 'committee', name: '院党委', hospitalId });
    for (const [n, branchId] of BRANCHES.entries()) {
      await this.seedCommand('/api/org-units', {
        unitId: branchId,
        kind: 'branch',
        name: `第${n + 1}党支部`,
        hospitalId,
        parentId: COMMITTEE,
        category: 'clinical',
      });
      for (const memberId of membersOf(branchId)) {
        await this.seedCommand('/api/members', {
          memberId,
          name: memberId,
          hospitalId,
          branchId,
          status: 'full',
          joinedPartyOn: '2015-07-01',
          joinedBranchOn: '2020-01-01',
        });
      }
      await this.seedCommand(`/api/members/${secretaryOf(branchId)}/posts`, {
        post: 'branch-secretary',
        unitId: branchId,
        from: '2020-01-01',
      });
    }
    await this.seedCommand('/api/assessment-periods', {
      periodId: PERIOD_ID,
      hospitalId,
      schemeId: DEFAULT_SCHEME_2024.schemeId,
    });
  }

  /** A random command of the kinds a hospital sends most, some on streams other clients write at the same time. */
  private nextCommand(): SentCommand {
    const n = ++this.sequence;
    const branchId = pick(BRANCHES);
    const roll = Math.random();
    if (roll < 0.25 && this.followUps.length > 0) {
      const followUp = pick(this.followUps);
      const outcome = Math.random() < 0.3 ? 'reached' : pick(['no-answer', 'wrong-number', 'declined']);
      return this.newCommand(`/api/follow-ups/${followUp.id}/attempts`, {
        callerMemberId: pick(membersOf(followUp.branchId)),
        calledAt: `2024-03-${day(6, 6)}T10:00:00+08:00`,
        outcome,
        ...(outcome === 'reached' ? { satisfaction: 1 + Math.floor(Math.random() * 5) } : {}),
      });
    }
    if (roll < 0.35 && this.meetings.length > 0) {
      return this.newCommand(`/api/meetings/${pick(this.meetings)}/corrections`, {
        reason: '更正议题',
        topic: `更正后的议题 ${n}`,
      });
    }
    if (roll < 0.6) {
      return this.newCommand('/api/follow-ups', {
        followUpId: `f-${n}`,
        branchId,
        patientRef: `ADM-${n}`,
        dischargedAt: `2024-03-${day(1, 5)}T09:30:00+08:00`,
      });
    }
    if (roll < 0.8) {
      return this.newCommand('/api/meetings', {
        meetingId: `mt-${n}`,
        unitId: branchId,
        kind: 'theme-day',
        heldAt: `2024-0${1 + Math.floor(Math.random() * 3)}-${day(1, 28)}T09:30:00+08:00`,
        topic: `主题党日 ${n}`,
        hostMemberId: secretaryOf(branchId),
        attendeeIds: some(membersOf(branchId)),
        absentees: [],
      });
    }
    if (roll < 0.92) {
      return this.newCommand('/api/lectures', {
        lectureId: `l-${n}`,
        unitId: branchId,
        lecturerId: secretaryOf(branchId),
        title: `党课 ${n}`,
        givenAt: `2024-0${1 + Math.floor(Math.random() * 3)}-${day(1, 28)}T14:00:00+08:00`,
        attendeeIds: some(membersOf(branchId)),
        durationMinutes: 60,
      });
    }
    return this.newCommand('/api/volunteer-services', {
      serviceId: `v-${n}`,
      unitId: branchId,
      heldOn: `2024-03-${day(1, 28)}`,
      place: '社区卫生服务站',
      participantIds: some(membersOf(branchId)),
      beneficiaries: 1 + Math.floor(Math.random() * 50),
    });
  }

  /** Clients send commands until `end` has stopped the server, then stop. */
  private async load(end: () => Promise<void>): Promise<void> {
    let stopped = false;
    const enough = this.commands.length + this.options.commandsPerRound;
    let sentEnough: () => void = () => undefined;
    const enoughSent = new Promise<void>((resolve) => (sentEnough = resolve));
    const client = async () => {
      while (!stopped) {
        if (this.commands.length >= enough) sentEnough();
        const command = this.nextCommand();
        await this.send(command);
        if (command.outcome !== 'acknowledged') continue;
        if (command.path === '/api/follow-ups') {
          const body = command.body as { followUpId: string; branchId: string };
          this.followUps.push({ id: body.followUpId, branchId: body.branchId });
        } else if (command.path === '/api/meetings') {
          this.meetings.push((command.body as { meetingId: string }).meetingId);
        }
      }
    };
    const clients = Array.from({ length: this.options.clients }, client);
    await enoughSent;
    await sleep(Math.random() * this.options.maxRoundMs);
    // Requests already sent stay in flight through the kill or the shutdown; no new ones follow.
    stopped = true;
    await end();
    await Promise.all(clients);
  }

  private async killAtRandom(): Promise<void> {
    await this.api!.kill();
    this.kills++;
  }

  /** Starts a rebuild of a random projection and kills the API a moment later, noting whether it still ran. */
  private async killDuringRebuild(): Promise<void> {
    const projections = (await this.http('GET', '/api/admin/projections')).json() as unknown as { name: string }[];
    const name = pick(projections).name;
    const started = await this.http('POST', `/api/admin/projections/${name}/rebuild`, {});
    if (started.status !== 202) this.mismatches.push(`rebuild of ${name}: answered ${started.status}`);
    await sleep(Math.random() * 50);
    const progress = (await this.http('GET', `/api/admin/projections/${name}`)).json();
    await this.api!.kill();
    this.kills++;
    if ((progress.rebuild as { state?: string } | undefined)?.state === 'running') this.killsMidRebuild++;
  }

  /** Every command whose answer a kill swallowed is sent again, same key and body: it must now be answered. */
  private async resendUnanswered(): Promise<void> {
    for (const command of this.commands.filter((sent) => sent.outcome === 'unknown')) {
      this.resent++;
      await this.send(command);
      if (command.outcome === 'unknown') this.mismatches.push(`${command.path}: no answer after the restart either`);
    }
  }

  /** The answers of the read routes over everything the campaign wrote, once the read models have caught up. */
  private async readModelAnswers(): Promise<Map<string, unknown>> {
    for (;;) {
      const projections = (await this.http('GET', '/api/admin/projections')).json() as unknown as {
        status: string;
        lag: number;
      }[];
      if (projections.every((projection) => projection.status === 'live' && projection.lag === 0)) break;
      await sleep(100);
    }
    const hospital = `hospitalId=${HOSPITAL_ID}`;
    const paths = [
      `/api/org-units?${hospital}`,
      ...[COMMITTEE, ...BRANCHES].map((unitId) => `/api/org-units/${unitId}`),
      ...BRANCHES.flatMap(membersOf).map((memberId) => `/api/members/${memberId}`),
      `/api/rankings/branches?periodId=${PERIOD_ID}`,
      `/api/rankings/members?${hospital}&year=2024`,
      `/api/reports/meeting-compliance?${hospital}&periodId=${PERIOD_ID}`,
      ...['2024-01', '2024-02', '2024-03'].map((month) => `/api/reports/follow-ups?${hospital}&month=${month}`),
      `/api/reports/organization?${hospital}&on=2024-06-30`,
      `/api/reports/performance-fund?${hospital}&periodId=${PERIOD_ID}&amount=750000`,
    ];
    const answers = new Map<string, unknown>();
    for (const path of paths) answers.set(path, (await this.http('GET', path)).json());
    // The audit index holds every event: walk all its pages.
    for (let after = '0', page = 1; after !== null; page++) {
      const body = (await this.http('GET', `/api/audit/events?limit=1000&after=${after}`)).json();
      answers.set(`/api/audit/events page ${page}`, body.items);
      after = body.next as string;
    }
    const projections = (await this.http('GET', '/api/admin/projections')).json() as unknown as object[];
    answers.set(
      '/api/admin/projections',
      projections.map(({ eventsPerSecond: _rate, ...rest }: { eventsPerSecond?: number }) => rest),
    );
    return answers;
  }

  private compareReadModels(live: Map<string, unknown>, replayed: Map<string, unknown>): void {
    for (const [path, answer] of live) {
      if (!isDeepStrictEqual(answer, replayed.get(path))) {
        this.mismatches.push(`${path}: the live read model differs from a replay from scratch`);
      }
    }
  }

  /** A request that records an access event of its own (verification, export), under a correlation id sent. */
  private operation(method: 'GET' | 'POST', path: string, body?: object) {
    const command = this.newCommand(path, body ?? {}, true);
    command.outcome = 'acknowledged';
    return this.http(method, path, body, { 'x-correlation-id': command.correlationId });
  }

  private async verifyChainsThroughTheApi(): Promise<void> {
    const report = await this.operation('POST', '/api/audit/verification', {});
    if (report.status !== 200 || report.json().ok !== true) {
      this.mismatches.push(`audit verification: ${report.status} ${report.text.slice(0, 300)}`);
    }
    const exported = await this.operation('GET', '/api/audit/export?format=ndjson');
    const independent = verifyNdjsonExport(exported.text);
    if (independent.broken.length > 0) {
      this.mismatches.push(`independent verifier: broken links ${independent.broken.slice(0, 5).join(', ')}`);
    }
  }

  /** The log itself, read straight from SQLite, against every answer a client got. */
  private verifyLog(): { events: number; streams: number } {
    const db = new Database(join(this.dataDir, 'events.sqlite'), { readonly: true });
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') this.mismatches.push(`SQLite integrity_check: ${String(integrity)}`);
      const rows = db.prepare('SELECT event_id, stream_id, revision, metadata FROM events ORDER BY position').all() as {
        event_id: string;
        stream_id: string;
        revision: number;
        metadata: string;
      }[];

      const revisions = new Map<string, number>();
      for (const row of rows) {
        const expected = (revisions.get(row.stream_id) ?? 0) + 1;
        if (row.revision !== expected) {
          this.mismatches.push(`${row.stream_id}: revision ${row.revision} where ${expected} was due`);
        }
        revisions.set(row.stream_id, row.revision);
      }

      const byCorrelation = new Map<string, typeof rows>();
      for (const row of rows) {
        const { correlationId } = JSON.parse(row.metadata) as { correlationId?: string };
        const key = correlationId ?? '(none)';
        const stored = byCorrelation.get(key);
        if (stored) stored.push(row);
        else byCorrelation.set(key, [row]);
      }
      for (const command of this.commands) {
        const stored = byCorrelation.get(command.correlationId) ?? [];
        byCorrelation.delete(command.correlationId);
        if (command.writesUnknownCount) continue;
        if (command.outcome !== 'acknowledged') {
          if (stored.length > 0) {
            this.mismatches.push(`${command.path} (${command.outcome}): ${stored.length} events stored anyway`);
          }
          continue;
        }
        const written = command.written!;
        const storedIds = stored.map((row) => row.event_id);
        if (
          !isDeepStrictEqual(storedIds, written.eventIds) ||
          stored.some((row) => row.stream_id !== written.streamId)
        ) {
          this.mismatches.push(
            `${command.path}: acknowledged ${written.eventIds.length} events in ${written.streamId}, ` +
              `the log holds ${storedIds.length} for it`,
          );
        }
      }
      for (const [correlationId, stored] of byCorrelation) {
        this.mismatches.push(`${stored.length} events of correlation ${correlationId} that no client sent`);
      }
      return { events: rows.length, streams: revisions.size };
    } finally {
      db.close();
    }
  }
}
