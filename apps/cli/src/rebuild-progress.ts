import { Presets, SingleBar } from 'cli-progress';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RebuildProgress } from '@app/read-models';
import type { AdminApi, ProjectionView } from './admin-api';

const POLL_INTERVAL_MS = 250;

/** Unknown until the rebuild has a rate to go by. */
const eta = (seconds: number | null) => (seconds === null ? 'unknown' : `${seconds} s`);

interface Progress {
  show(rebuild: RebuildProgress): void;
  stop(): void;
}

/** A bar redrawn in place, for a terminal. */
function progressBar(name: string): Progress {
  const bar = new SingleBar(
    {
      format: `${name} [{bar}] {value}/{total} events | {rate} events/s | ETA {remaining}`,
      stream: process.stdout,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    show({ processed, total, eventsPerSecond, etaSeconds }) {
      const payload = { rate: eventsPerSecond, remaining: eta(etaSeconds) };
      if (!started) bar.start(total, processed, payload);
      else {
        bar.setTotal(total);
        bar.update(processed, payload);
      }
      started = true;
    },
    stop: () => bar.stop(),
  };
}

/** One line per change, for a log file or a pipe, where a redrawn bar would be noise. */
function progressLines(name: string): Progress {
  let last = '';
  return {
    show({ processed, total, eventsPerSecond, etaSeconds }) {
      const line = `${name}: ${processed}/${total} events, ${eventsPerSecond} events/s, ETA ${eta(etaSeconds)}`;
      if (line !== last) console.log(line);
      last = line;
    },
    stop: () => undefined,
  };
}

async function pollUntilDone(api: AdminApi, name: string, rebuildId: string, progress: Progress) {
  for (;;) {
    const projection = await api.projection(name);
    const { rebuild } = projection;
    if (rebuild?.rebuildId !== rebuildId) throw new Error(`The API no longer reports rebuild ${rebuildId} of ${name}`);
    progress.show(rebuild);
    if (rebuild.state === 'completed') return { projection, rebuild };
    if (rebuild.state === 'failed') {
      throw new Error(`Rebuild ${rebuildId} of ${name} failed: ${rebuild.error ?? 'the API gave no reason'}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

/** Polls a rebuild, showing its progress, until it completes (the projection then is returned) or fails (thrown). */
export async function followRebuild(api: AdminApi, name: string, rebuildId: string): Promise<ProjectionView> {
  const progress = process.stdout.isTTY ? progressBar(name) : progressLines(name);
  const { projection, rebuild } = await pollUntilDone(api, name, rebuildId, progress).finally(() => progress.stop());
  console.log(`Rebuilt ${name} version ${projection.version} (rebuild ${rebuildId}): ${rebuild.processed} events`);
  return projection;
}
