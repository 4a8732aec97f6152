import { ConfigurationError, loadConfig } from '@app/config';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
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
}

void main();
