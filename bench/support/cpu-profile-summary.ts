/**
 * The functions and packages with the most self time in a V8 CPU profile (`node --cpu-prof`, or a benchmark run
 * with BENCH_CPU_PROF_DIR set), so a missed goal can be reported with where the time went.
 *
 *   node -r @swc-node/register bench/support/cpu-profile-summary.ts <file.cpuprofile>
 *     [--skip-seconds S] [--top N] [--callers <function name>]
 *
 * `--skip-seconds` leaves out the profile's first seconds (the server's start-up and warm-up) so only the load counts;
 * `--callers` adds the call paths (four frames up) that the named function's self time came through.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  /** Microseconds since the previous sample. */
  readonly timeDeltas: readonly number[];
}

const CALLER_FRAMES = 4;

/** node_modules/<package>, node's own code, or this project's bundle. */
function packageOf(url: string): string {
  if (url === '') return '(V8 / native)';
  if (url.startsWith('node:')) return 'node core';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  return match ? match[1] : url.includes('/dist/') ? 'this project (dist)' : url.replace(/^.*\/work\/main\//, '');
}

const nameOf = ({ functionName, url, lineNumber }: CallFrame) =>
  `${functionName || '(anonymous)'}${url ? ` ${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : ''}`;

function add(totals: Map<string, number>, key: string, micros: number): void {
  totals.set(key, (totals.get(key) ?? 0) + micros);
}

function main(): void {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'skip-seconds': { type: 'string', default: '0' },
      top: { type: 'string', default: '25' },
      callers: { type: 'string' },
    },
  });
  const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const skipMicros = Number(values['skip-seconds']) * 1e6;

  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const byCallers = new Map<string, number>();
  let elapsed = 0;
  let counted = 0;
  profile.samples.forEach((nodeId, i) => {
    const micros = profile.timeDeltas[i];
    elapsed += micros;
    if (elapsed < skipMicros) return;
    const { callFrame } = nodes.get(nodeId)!;
    add(byFunction, nameOf(callFrame), micros);
    add(byPackage, packageOf(callFrame.url), micros);
    if (callFrame.functionName === values.callers) {
      const path: string[] = [];
      for (let id = parents.get(nodeId); id !== undefined && path.length < CALLER_FRAMES; id = parents.get(id)) {
        path.push(nameOf(nodes.get(id)!.callFrame));
      }
      add(byCallers, path.join(' ← '), micros);
    }
    counted += micros;
  });

  const table = (heading: string, totals: Map<string, number>) =>
    [
      `| self | ms | ${heading} |`,
      '|---:|---:|---|',
      ...[...totals]
        .sort((a, b) => b[1] - a[1])
        .slice(0, Number(values.top))
        .map(
          ([name, micros]) =>
            `| ${((micros / counted) * 100).toFixed(1)} % | ${(micros / 1000).toFixed(0)} | ${name} |`,
        ),
    ].join('\n');
  console.log(`${(counted / 1e6).toFixed(1)} s sampled after the first ${values['skip-seconds']} s\n`);
  console.log(table('function', byFunction));
  console.log(`\n${table('package', byPackage)}`);
  if (values.callers) console.log(`\n${table(`${values.callers} called from`, byCallers)}`);
}

main();
