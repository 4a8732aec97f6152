import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

export type StorageProfile = 'embedded' | 'external';

export type EventStoreConfig =
  | { readonly kind: 'sqlite'; readonly filename: string }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string };

export type ReadModelsConfig = { readonly kind: 'memory' } | { readonly kind: 'mongodb'; readonly uri: string };

/** The one typed configuration, parsed once at boot from the environment. */
export interface AppConfig {
  readonly profile: StorageProfile;
  readonly port: number;
  readonly dataDir: string;
  readonly eventStore: EventStoreConfig;
  readonly readModels: ReadModelsConfig;
  /** Unset on the embedded profile means: generate one into `dataDir`. */
  readonly authJwtSecret: string | undefined;
  readonly readYourWritesTimeoutMs: number;
  readonly projections: boolean;
  readonly logLevel: string;
  /** Browser origins allowed cross-origin; empty (the default) keeps CORS closed. */
  readonly corsOrigins: readonly string[];
  /** Requests one client (a token's subject, else an IP) may send per minute; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  /** Readiness fails while the read models trail the log by more than this many positions. */
  readonly readyMaxLag: number;
  /**
   * The Ed25519 key (PKCS#8 PEM) seals are signed with, always outside `dataDir`; `generate` when it was not
   * configured, so a missing file is created beside the data directory.
   */
  readonly auditSigningKey: { readonly file: string; readonly generate: boolean };
  /** Seconds between scheduled seals; 0 (the default) writes none. */
  readonly auditSealIntervalSeconds: number;
}

/** The configuration could not be used; `problems` lists every one of them, not just the first. */
export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Whole seconds, or an ISO-8601 duration of days, hours, minutes and seconds (no months: they have no fixed length). */
const DURATION = /^(?:\d+|P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)$/;

function durationSeconds(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const [, days, hours, minutes, seconds] = DURATION.exec(text)!.map((part) => Number(part ?? 0));
  return ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
}

/** The variables of api-contract.md's Configuration table, as they arrive. */
class EnvironmentVariables {
  @IsOptional()
  @Max(65535)
  @Min(0)
  @IsInt()
  PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb):\/\//, {
    message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// (or kurrentdb://) connection string',
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsOptional()
  @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGODB_URI must be a mongodb:// or mongodb+srv:// URI' })
  MONGODB_URI?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  READ_YOUR_WRITES_TIMEOUT_MS?: number;

  @IsOptional()
  @IsIn(['on', 'off'])
  PROJECTIONS?: 'on' | 'off';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^/\s,]+(,https?:\/\/[^/\s,]+)*$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of origins such as https://app.example.org',
  })
  CORS_ORIGINS?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  READY_MAX_LAG?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  AUDIT_SIGNING_KEY_FILE?: string;

  @IsOptional()
  @Matches(DURATION, {
    message: 'AUDIT_SEAL_INTERVAL must be whole seconds (3600) or an ISO-8601 duration of days to seconds (PT1H, P1D)',
  })
  AUDIT_SEAL_INTERVAL?: string;
}

const VARIABLES = [
  'PORT',
  'DATA_DIR',
  'EVENTSTORE_CONNECTION_STRING',
  'MONGODB_URI',
  'AUTH_JWT_SECRET',
  'READ_YOUR_WRITES_TIMEOUT_MS',
  'PROJECTIONS',
  'LOG_LEVEL',
  'CORS_ORIGINS',
  'RATE_LIMIT_PER_MINUTE',
  'READY_MAX_LAG',
  'AUDIT_SIGNING_KEY_FILE',
  'AUDIT_SEAL_INTERVAL',
] as const;
const NUMERIC = ['PORT', 'READ_YOUR_WRITES_TIMEOUT_MS', 'RATE_LIMIT_PER_MINUTE', 'READY_MAX_LAG'] as const;

/** Parses and checks the environment; throws a `ConfigurationError` naming every problem found. */
export function loadConfig(environment: Readonly<Record<string, string | undefined>>): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of VARIABLES) {
    const value = environment[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  for (const key of NUMERIC) {
    if (typeof raw[key] === 'string' && /^-?\d+$/.test(raw[key] as string)) raw[key] = Number(raw[key]);
  }
  const variables = plainToInstance(EnvironmentVariables, raw);
  const problems = validateSync(variables, { forbidUnknownValues: true, stopAtFirstError: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );

  const esdb = variables.EVENTSTORE_CONNECTION_STRING;
  const mongo = variables.MONGODB_URI;
  if (Boolean(esdb) !== Boolean(mongo)) {
    problems.push(
      'EVENTSTORE_CONNECTION_STRING and MONGODB_URI select the external profile together: set both or neither',
    );
  }
  const profile: StorageProfile = esdb && mongo ? 'external' : 'embedded';
  if (profile === 'external' && !variables.AUTH_JWT_SECRET) {
    problems.push('AUTH_JWT_SECRET is required on the external profile');
  }
  if (profile === 'embedded' && variables.PROJECTIONS === 'off') {
    problems.push('PROJECTIONS=off needs the external profile: embedded read models live in this process');
  }
  const dataDir = resolve(variables.DATA_DIR ?? './data');
  const keyFile = variables.AUDIT_SIGNING_KEY_FILE && resolve(variables.AUDIT_SIGNING_KEY_FILE);
  if (keyFile && !isOutside(keyFile, dataDir)) {
    // Whoever can write the log must not also hold the key that vouches for it, nor get it with a copy of the data.
    problems.push('AUDIT_SIGNING_KEY_FILE must lie outside DATA_DIR');
  }
  if (problems.length > 0) throw new ConfigurationError(problems);

  return {
    profile,
    port: variables.PORT ?? 3000,
    dataDir,
    eventStore:
      profile === 'external'
        ? { kind: 'eventstoredb', connectionString: esdb! }
        : { kind: 'sqlite', filename: resolve(dataDir, 'events.sqlite') },
    readModels: profile === 'external' ? { kind: 'mongodb', uri: mongo! } : { kind: 'memory' },
    authJwtSecret: variables.AUTH_JWT_SECRET,
    readYourWritesTimeoutMs: variables.READ_YOUR_WRITES_TIMEOUT_MS ?? 5000,
    projections: (variables.PROJECTIONS ?? 'on') === 'on',
    logLevel: variables.LOG_LEVEL ?? 'info',
    corsOrigins: variables.CORS_ORIGINS?.split(',') ?? [],
    rateLimitPerMinute: variables.RATE_LIMIT_PER_MINUTE ?? 1200,
    readyMaxLag: variables.READY_MAX_LAG ?? 1000,
    auditSigningKey: keyFile
      ? { file: keyFile, generate: false }
      : { file: defaultSigningKeyFile(dataDir), generate: true },
    auditSealIntervalSeconds: variables.AUDIT_SEAL_INTERVAL ? durationSeconds(variables.AUDIT_SEAL_INTERVAL) : 0,
  };
}

/**
 * `<DATA_DIR>-keys/audit-signing-key.pem` (`./data-keys/…` by default): a directory of its own beside the data, so a
 * copy, backup or hand-over of the data directory never carries the key, and two data directories never share one.
 */
export function defaultSigningKeyFile(dataDir: string): string {
  return join(dirname(dataDir), `${basename(dataDir)}-keys`, 'audit-signing-key.pem');
}

function isOutside(file: string, dir: string): boolean {
  const path = relative(dir, file);
  return path.startsWith('..') || isAbsolute(path);
}
