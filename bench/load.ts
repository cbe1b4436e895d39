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
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
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
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Per-metric medians of the runs, except failures, which are summed (any failure counts). */
export function medianOf(runs: RunResult[]): RunResult {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p97_5: median(runs.map((r) => r.p97_5)),
    p99: median(runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max)),
    requests: runs.reduce((s, r) => s + r.requests, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    timeouts: runs.reduce((s, r) => s + r.timeouts, 0),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
  };
}
