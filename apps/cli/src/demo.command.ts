import { Inject } from '@nestjs/common';
import { Tokens } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DEMO_SCALES, demoClaims, loadDemoCity, type DemoScale, type SendDemoRequest } from '@app/demo';
import { Command, CommandRunner, Option } from 'nest-commander';

interface DemoOptions {
  scale?: DemoScale;
  url?: string;
}

/** Each token signs one request: a city-scale load outlives any short-lived token. */
const TOKEN_TTL_SECONDS = 300;

@Command({
  name: 'demo',
  description:
    'Load the deterministic demo city of 盘锦市卫健委 into a running API over HTTP, through the same routes users take',
})
export class DemoCommand extends CommandRunner {
  constructor(
    private readonly tokens: Tokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async run(_: string[], options: DemoOptions): Promise<void> {
    const baseUrl = (options.url ?? `http://localhost:${this.config.port}`).replace(/\/+$/, '');
    const send: SendDemoRequest = async ({ method, path, body, token }) => {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json().catch(() => undefined) };
    };
    let printedAt = 0;
    const result = await loadDemoCity(send, {
      scale: options.scale ?? 'default',
      tokenFor: (caller) => this.tokens.sign(demoClaims(caller), TOKEN_TTL_SECONDS),
      onProgress: ({ requests, totalRequests, elapsedMs }) => {
        if (elapsedMs - printedAt < 5000 && requests < totalRequests) return;
        printedAt = elapsedMs;
        console.log(`${requests}/${totalRequests} requests, ${Math.round(elapsedMs / 1000)} s`);
      },
    });
    console.log(
      JSON.stringify(
        {
          requests: result.requests,
          events: result.events,
          seconds: Number(result.seconds.toFixed(1)),
          lastPosition: result.lastPosition,
        },
        null,
        2,
      ),
    );
  }

  @Option({ flags: '--scale <scale>', description: `${DEMO_SCALES.join(' | ')} (default: default)` })
  parseScale(value: string): DemoScale {
    if (!DEMO_SCALES.includes(value as DemoScale)) throw new Error(`--scale takes ${DEMO_SCALES.join(', ')}`);
    return value as DemoScale;
  }

  @Option({ flags: '--url <base>', description: 'the running API’s base URL (default: http://localhost:$PORT)' })
  parseUrl(value: string): string {
    if (!URL.canParse(value)) throw new Error(`--url takes a URL such as http://localhost:3000; got ${value}`);
    return value;
  }
}
