import type { CapturedCall, FloorRunner } from "./floor.js";
import { httpSamples, resultOf, type RunResult, type Samples } from "./load.js";
import { waitUntilDatabaseIdle } from "./quiet.js";

export interface SideBySide {
  http: RunResult;
  floor: RunResult;
  /** The stack floor's run, when a stackUrl was given. */
  stack: RunResult | null;
}

export interface SideBySideOptions {
  url: string;
  /**
   * The same request to the stack floor (stack-floor-app.ts), measured in
   * its own slices between the API's and the floor's; none when absent.
   */
  stackUrl?: string | undefined;
  headers: Record<string, string>;
  captured: CapturedCall;
  floor: FloorRunner;
  /** The database both run on: each run starts when nothing is left running on it. */
  databaseUrl: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /**
   * The measured time is split into this many alternating HTTP/floor slices,
   * so a neighbour's load on the shared machine falls on both sides rather
   * than on one: the overhead compares like with like.
   */
  rounds: number;
}

interface Side {
  run: (seconds: number) => Promise<Samples>;
  slices: Samples[];
}

/** An endpoint over HTTP, its stack floor (if given) and its floor at one concurrency: warm-up of each, then alternating measured slices. */
export async function measureSideBySide(options: SideBySideOptions): Promise<SideBySide> {
  const { connections, stackUrl } = options;
  const side = (run: Side["run"]): Side => ({ run, slices: [] });
  const http = side((seconds) => httpSamples({ url: options.url, headers: options.headers, connections, seconds }));
  const stack = stackUrl ? side((seconds) => httpSamples({ url: stackUrl, headers: options.headers, connections, seconds })) : null;
  const floor = side((seconds) => options.floor.samples(options.captured, connections, seconds));
  const sides = stack ? [http, stack, floor] : [http, floor];
  // Requests the load tool abandoned at the end of a run may still be running: each run starts on an idle database.
  for (const { run } of sides) {
    await waitUntilDatabaseIdle(options.databaseUrl);
    await run(options.warmupSeconds);
  }
  const slice = options.seconds / options.rounds;
  for (let round = 0; round < options.rounds; round++) {
    for (const { run, slices } of sides) {
      await waitUntilDatabaseIdle(options.databaseUrl);
      slices.push(await run(slice));
    }
  }
  const result = ({ slices }: Side) => resultOf(connections, options.seconds, slices);
  return { http: result(http), floor: result(floor), stack: stack ? result(stack) : null };
}
