import { loadConfig } from '@app/config';
import type { DemoScale } from '@app/demo';
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../apps/api/src/bootstrap';
import { runDemo } from '../apps/api/src/demo-mode';

/**
 * The data directory holding the demo city's log at `scale`, loaded once through the API in process (the demo's
 * own command path) and reused by later runs; delete `bench/.cache` to load it again.
 */
export async function cityDataDir(scale: DemoScale): Promise<string> {
  const dataDir = join(__dirname, '.cache', `city-${scale}`);
  // Written only once the whole city is in: a load cut short is never mistaken for the city.
  const loaded = join(dataDir, 'loaded');
  if (existsSync(loaded)) return dataDir;
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  console.log(`Loading the demo city (scale ${scale}) into ${dataDir}; the log of it goes to demo-load.log there…`);
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const app = await createApp(config, { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const log = createWriteStream(join(dataDir, 'demo-load.log'));
  await runDemo(app, { scale, baseUrl: 'http://localhost', out: log });
  log.end();
  await app.close();
  writeFileSync(loaded, `${new Date().toISOString()}\n`);
  return dataDir;
}
