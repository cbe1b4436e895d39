import autocannon from 'autocannon';
import fs from 'node:fs';
const org = JSON.parse(fs.readFileSync('/tmp/seedcheck/org.json', 'utf8'));
let i = 0;
const path = process.argv[3]!;
const sessions = path.includes('team') ? [org.managerSession] : org.learnerSessions;
const r = await autocannon({ url: `http://127.0.0.1:${process.argv[2]}`, connections: Number(process.argv[4] ?? 100), duration: 10, requests: [{ method: 'GET', path, setupRequest: (req: any) => ({ ...req, headers: { cookie: `xueli_session=${sessions[i++ % sessions.length]}` } }) }] });
console.log(r.requests.average, r.latency.p50, r.latency.p99, r.non2xx, r.errors);
