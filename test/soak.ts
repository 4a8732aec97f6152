/**
 * `npm run test:soak`: the crash campaign of test/crash-safety.e2e-spec.ts for SOAK_MINUTES (default 10), with
 * more clients and longer rounds. Prints its figures; exits 1 on any mismatch.
 */
import { runCrashCampaign } from './support/crash-campaign';

const SOAK_MINUTES = Number(process.env.SOAK_MINUTES ?? 10);

async function soak(): Promise<void> {
  const started = Date.now();
  const figures = await runCrashCampaign({
    killRounds: Number.MAX_SAFE_INTEGER,
    deadlineMs: SOAK_MINUTES * 60_000,
    clients: 16,
    commandsPerRound: 1000,
    maxRoundMs: 3000,
    progress: (line) => console.log(line),
  });
  const { mismatches, ...counts } = figures;
  console.log(JSON.stringify({ minutes: (Date.now() - started) / 60_000, ...counts, mismatches: mismatches.length }));
  for (const mismatch of mismatches) console.error(`MISMATCH ${mismatch}`);
  process.exitCode = mismatches.length === 0 ? 0 : 1;
}

void soak();
