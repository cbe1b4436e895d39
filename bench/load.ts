/** autocannon runs against one endpoint, and the medians over repeated runs. */
import autocannon from 'autocannon';

export interface Scenario {
  name: string;
  path: string;
  /** Session cookie values; each request takes the next one (round robin). Empty: anonymous. */
  sessions: string[];
  /** What the scenario's page/size and caller are, for the report. */
  note: string;
}

export interface RunResult {
  rps: number;
  /** Latencies in ms of the completed requests; null when none completed (all timed out). */
  p50: number | null;
  p97_5: number | null;
  p99: number | null;
  max: number | null;
  requests: number;
  /** Connection errors, timeouts included (autocannon counts them in both). */
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** One autocannon run of `durationS` seconds at `connections` connections; latencies in ms. */
export async function runLoad(p: { baseUrl: string; scenario: Scenario; connections: number; durationS: number }): Promise<RunResult> {
  let i = 0;
  const { sessions } = p.scenario;
  const result = await autocannon({
    url: p.baseUrl,
    connections: p.connections,
    duration: p.durationS,
    timeout: 10,
    requests: [
      {
        method: 'GET',
        path: p.scenario.path,
        setupRequest: (req) =>
          sessions.length === 0 ? req : { ...req, headers: { ...req.headers, cookie: `xueli_session=${sessions[i++ % sessions.length]!}` } },
      },
    ],
  });
  const done = result.requests.total > 0;
  return {
    rps: result.requests.average,
    p50: done ? result.latency.p50 : null,
    p97_5: done ? result.latency.p97_5 : null,
    p99: done ? result.latency.p99 : null,
    max: done ? result.latency.max : null,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

function median(xs: number[]): number;
function median(xs: (number | null)[]): number | null;
function median(xs: (number | null)[]): number | null {
  const s = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Per-metric medians of the runs (latencies over the runs that completed requests), except
 * failures, which are summed (any failure counts), and max, the worst of all.
 */
export function medianOf(runs: RunResult[]): RunResult {
  const maxes = runs.map((r) => r.max).filter((x): x is number => x !== null);
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p97_5: median(runs.map((r) => r.p97_5)),
    p99: median(runs.map((r) => r.p99)),
    max: maxes.length ? Math.max(...maxes) : null,
    requests: runs.reduce((s, r) => s + r.requests, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    timeouts: runs.reduce((s, r) => s + r.timeouts, 0),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
  };
}
