import { ConfigurationError, loadConfig } from '@app/config';
import { createApp } from './bootstrap';
import { DemoUsageError, demoArguments, runDemo } from './demo-mode';

async function main(): Promise<void> {
  let config;
  let demo;
  try {
    demo = demoArguments(process.argv.slice(2));
    // The demo's progress and tour would drown in a log line per loaded request; LOG_LEVEL still wins.
    config = loadConfig(demo ? { LOG_LEVEL: 'warn', ...process.env } : process.env);
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof DemoUsageError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.port, '0.0.0.0');
  console.log(
    `Party-building record API (${config.profile} profile) on http://localhost:${config.port} — Swagger UI at /docs`,
  );
  if (demo)
    await runDemo(app, {
      scale: demo.scale,
      baseUrl: `http://localhost:${config.port}`,
      out: process.stdout,
    });
}

void main();
