import { ROLES, Tokens, type Role } from '@app/auth';
import { Command, CommandRunner, Option } from 'nest-commander';

interface TokenOptions {
  sub: string;
  roles: Role[];
  units?: string[];
  hospital: string[];
  ttl: number;
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

@Command({ name: 'token', description: 'Print a bearer token signed with this installation’s secret' })
export class TokenCommand extends CommandRunner {
  constructor(private readonly tokens: Tokens) {
    super();
  }

  async run(_: string[], options: TokenOptions): Promise<void> {
    console.log(
      this.tokens.sign(
        {
          sub: options.sub,
          roles: options.roles,
          units: options.units,
          // One hospital is a hospital's own staff; several, a city-level caller (see the README's Security section).
          ...(options.hospital.length === 1 ? { hospitalId: options.hospital[0] } : { hospitalIds: options.hospital }),
        },
        options.ttl,
      ),
    );
  }

  @Option({
    flags: '--sub <id>',
    description: 'subject: the member id when the user is a Party member',
    required: true,
  })
  parseSub(value: string): string {
    return value;
  }

  @Option({ flags: '--roles <roles>', description: `comma-separated: ${ROLES.join(', ')}`, required: true })
  parseRoles(value: string): Role[] {
    const roles = list(value);
    const unknown = roles.filter((role) => !ROLES.includes(role as Role));
    if (roles.length === 0 || unknown.length > 0) throw new Error(`--roles takes ${ROLES.join(', ')}; got ${value}`);
    return roles as Role[];
  }

  @Option({ flags: '--units <ids>', description: 'comma-separated unit ids a secretary writes for' })
  parseUnits(value: string): string[] {
    return list(value);
  }

  @Option({
    flags: '--hospital <ids>',
    description: 'the hospital the token acts for, or comma-separated hospitals for a city-level caller',
    required: true,
  })
  parseHospital(value: string): string[] {
    const hospitals = list(value);
    if (hospitals.length === 0)
      throw new Error(`--hospital takes one or more comma-separated hospital ids; got ${value}`);
    return hospitals;
  }

  @Option({ flags: '--ttl <seconds>', description: 'lifetime in seconds', defaultValue: 8 * 3600 })
  parseTtl(value: string): number {
    const seconds = Number(value);
    if (!Number.isInteger(seconds) || seconds <= 0) throw new Error('--ttl takes a positive number of seconds');
    return seconds;
  }
}
