import type { CapturedCall, FloorRunner } from "./floor.js";
import { httpSamples, resultOf, type RunResult, type Samples } from "./load.js";
import { waitUntilDatabaseIdle } from "./quiet.js";

export interface SideBySide {
  http: RunResult;
  floor: RunResult;
}

export interface SideBySideOptions {
  url: string;
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

/** An endpoint over HTTP and its floor at one concurrency: warm-up of each, then alternating measured slices. */
export async function measureSideBySide(options: SideBySideOptions): Promise<SideBySide> {
  const { connections } = options;
  const http = (seconds: number) => httpSamples({ url: options.url, headers: options.headers, connections, seconds });
  const floor = (seconds: number) => options.floor.samples(options.captured, connections, seconds);
  await waitUntilDatabaseIdle(options.databaseUrl);
  await http(options.warmupSeconds);
  await waitUntilDatabaseIdle(options.databaseUrl);
  await floor(options.warmupSeconds);
  const httpRuns: Samples[] = [];
  const floorRuns: Samples[] = [];
  const slice = options.seconds / options.rounds;
  for (let round = 0; round < options.rounds; round++) {
    await waitUntilDatabaseIdle(options.databaseUrl);
    httpRuns.push(await http(slice));
    // Requests the load tool abandoned at the end of its slice may still be running.
    await waitUntilDatabaseIdle(options.databaseUrl);
    floorRuns.push(await floor(slice));
  }
  return { http: resultOf(connections, options.seconds, httpRuns), floor: resultOf(connections, options.seconds, floorRuns) };
}
