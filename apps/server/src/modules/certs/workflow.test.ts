import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certApplications, courses, examAttempts, exams, notifications, trainingRecords } from '../../db/schema/index.ts';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { deliverPendingEmails, expiryReminderSweep } from './notifications.service.ts';
import { certificateIssuer } from './certificates.service.ts';
import { practicalResult } from './workflow.service.ts';

/** A real SMTP server (the smtp-server package) on a local port; keeps every delivered message. */
const mails: { to: string[]; raw: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    let raw = '';
    stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    stream.on('end', () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
      callback();
    });
  },
});

let t: TestApp;
let admin: Client;
let adminId: number;
let assessorA: Client;
let assessorAId: number;
let assessorB: Client;
let assessorBId: number;
let assessorC: Client;
let candidate: Client;
let candidateEmp: number;
let other: Client;
/** An assessor who is also a candidate (must not handle their own application). */
let assessorCandidate: Client;

beforeAll(async () => {
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({ XUELI_SMTP_URL: `smtp://127.0.0.1:${port}`, XUELI_MAIL_FROM: 'Xueli <xueli@test.local>', XUELI_MAX_UPLOAD_MB: '0.1' });
  const a = await makeUser(t.db, { roles: ['admin'], employee: {} });
  adminId = a.user.id;
  admin = await t.login(a.username);
  const mk = async () => {
    const u = await makeUser(t.db, { roles: ['assessor'], employee: {} });
    return { id: u.user.id, c: await t.login(u.username) };
  };
  ({ id: assessorAId, c: assessorA } = await mk());
  ({ id: assessorBId, c: assessorB } = await mk());
  ({ c: assessorC } = await mk());
  const c = await makeUser(t.db, { roles: ['learner'], employee: { email: 'candidate@example.com' } });
  candidateEmp = c.employee!.id;
  candidate = await t.login(c.username);
  other = await t.login((await makeUser(t.db, { roles: ['learner'], employee: {} })).username);
  assessorCandidate = await t.login((await makeUser(t.db, { roles: ['assessor', 'learner'], employee: {} })).username);
});
afterAll(async () => {
  await t.close();
  smtp.close();
});

async function programme(code: string, levels: unknown[]) {
  const res = await admin.post('/api/v1/cert-programmes', { code, name: `认证 ${code}`, status: 'active', levels });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; levels: { id: number; level: string }[] };
}
const levelId = (p: { levels: { id: number; level: string }[] }, l: string) => p.levels.find((x) => x.level === l)!.id;

async function upload(c: Client, id: number, purpose: string, name: string, bytes: Buffer, type = 'application/pdf') {
  const boundary = '----xueli' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.request({ method: 'POST', url: `/api/v1/cert-applications/${id}/evidence?purpose=${purpose}`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  return { status: res.statusCode, body: res.json<{ fileId: number; detail?: string }>() };
}
const PDF = Buffer.from('%PDF-1.4\n% a small project report\n');

describe('the certification workflow', () => {
  it('takes a candidate from apply to issued: review, learning, written exam, double-marked practical, interview, committee', async () => {
    const [course] = await t.db.insert(courses).values({ title: '提示词工程', status: 'published' }).returning();
    const [exam] = await t.db.insert(exams).values({ title: '初级笔试', mode: 'fixed' }).returning();
    const p = await programme('flow-a', [
      {
        level: 'junior',
        requirements: {
          courseIds: [course!.id],
          components: [
            { kind: 'written', examId: exam!.id, weight: 0.4, minScore: 0.6 },
            { kind: 'practical', weight: 0.4, minScore: 0.6 },
            { kind: 'interview', weight: 0.2, minScore: 0.5 },
          ],
          passScore: 0.7,
        },
        validityMonths: 12,
      },
      { level: 'intermediate', requirements: { requiresLevel: 'junior' } },
    ]);

    // 报名: the intermediate level needs the junior certificate first — every failed check is named
    const early = await candidate.post('/api/v1/cert-applications', { levelId: levelId(p, 'intermediate') });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('needs a valid junior certificate');
    const applied = await candidate.post('/api/v1/cert-applications', { levelId: levelId(p, 'junior'), statement: '我在团队中推广了大模型的使用。' });
    expect(applied.status).toBe(201);
    const id = applied.body.id as number;
    expect((await candidate.post('/api/v1/cert-applications', { levelId: levelId(p, 'junior') })).status).toBe(409);

    // evidence: wrong type and fake content are refused, nothing attached
    expect((await upload(candidate, id, 'application', 'x.exe', Buffer.from('MZ'))).status).toBe(415);
    expect((await upload(candidate, id, 'application', 'fake.pdf', Buffer.from('not a pdf'))).status).toBe(415);
    const big = await upload(candidate, id, 'application', 'big.pdf', Buffer.concat([PDF, Buffer.alloc(200 * 1024, 0x20)]));
    expect(big.status).toBe(413);
    expect((await upload(other, id, 'application', 'cv.pdf', PDF)).status).toBe(404);
    const ev = await upload(candidate, id, 'application', '简历.pdf', PDF);
    expect((await candidate.get(`/api/v1/cert-applications/${id}`)).body.evidence).toHaveLength(1); // nothing of the refused ones
    expect(ev.status).toBe(201);
    expect((await candidate.get(`/api/v1/cert-applications/${id}/evidence/${ev.body.fileId}`)).status).toBe(200);
    expect((await other.get(`/api/v1/cert-applications/${id}/evidence/${ev.body.fileId}`)).status).toBe(404);

    // a candidate cannot skip a step or act as an assessor
    expect((await candidate.post(`/api/v1/cert-applications/${id}/ready`)).status).toBe(409);
    expect((await candidate.post(`/api/v1/cert-applications/${id}/review`, { decision: 'approve', reason: 'ok' })).status).toBe(403);
    expect((await other.get(`/api/v1/cert-applications/${id}`)).status).toBe(404);

    // 审核 → 学习 (the course is not completed yet)
    const reviewed = await assessorA.post(`/api/v1/cert-applications/${id}/review`, { decision: 'approve', reason: '材料齐全' });
    expect(reviewed.body.stage).toBe('learn');
    const notReady = await candidate.post(`/api/v1/cert-applications/${id}/ready`);
    expect(notReady.status).toBe(409);
    expect(notReady.body.detail).toContain(`course ${course!.id} not completed`);
    await t.db.insert(trainingRecords).values({ employeeId: candidateEmp, kind: 'online', courseId: course!.id, status: 'completed', progressPercent: 100, completedAt: new Date() });
    expect((await candidate.post(`/api/v1/cert-applications/${id}/ready`)).body.stage).toBe('exams');

    // 考试, in the level's order: the practical cannot be graded before the written exam
    expect((await assessorA.post(`/api/v1/cert-applications/${id}/assessments`, { component: 'practical', score: 0.8 })).status).toBe(409);
    expect((await candidate.post(`/api/v1/cert-applications/${id}/written`)).status).toBe(409); // not taken yet
    await t.db.insert(examAttempts).values([
      { examId: exam!.id, employeeId: candidateEmp, attemptNo: 1, status: 'graded', form: [], submittedAt: new Date(), percent: 55, pointsPossible: 10 },
      { examId: exam!.id, employeeId: candidateEmp, attemptNo: 2, status: 'graded', form: [], submittedAt: new Date(), percent: 82.5, pointsPossible: 10 },
    ]);
    expect((await candidate.post(`/api/v1/cert-applications/${id}/written`)).body.score).toBe(0.83);

    // practical: nothing to grade before the work is submitted; then two grades that diverge → a third
    expect((await assessorA.post(`/api/v1/cert-applications/${id}/assessments`, { component: 'practical', score: 0.9 })).status).toBe(409);
    expect((await upload(candidate, id, 'practical', '项目报告.pdf', PDF)).status).toBe(201);
    const g1 = await assessorA.post(`/api/v1/cert-applications/${id}/assessments`, { component: 'practical', score: 0.9, privateNotes: '结构清晰，但缺少评估数据' });
    expect(g1.body.state).toBe('pending');
    expect((await assessorA.post(`/api/v1/cert-applications/${id}/assessments`, { component: 'practical', score: 0.7 })).status).toBe(409);
    expect((await assessorB.post(`/api/v1/cert-applications/${id}/assessments`, { component: 'practical', score: 0.6 })).body.state).toBe('divergent');
    const g3 = await assessorC.post(`/api/v1/cert-applications/${id}/assessments`, { component: 'practical', score: 0.8 });
    expect(g3.body).toEqual({ score: 0.85, state: 'complete' });

    // the candidate never sees assessors' private notes or who graded
    const asCandidate = (await candidate.get(`/api/v1/cert-applications/${id}`)).body;
    expect(asCandidate.assessments).toBeNull();
    expect(JSON.stringify(asCandidate)).not.toContain('缺少评估数据');
    const asAssessor = (await assessorB.get(`/api/v1/cert-applications/${id}`)).body;
    expect(asAssessor.assessments.map((a: { privateNotes: string }) => a.privateNotes)).toContain('结构清晰，但缺少评估数据');

    // interview: scheduled with a panel of assessors (the candidate cannot sit on it), scored by each member
    expect((await assessorA.post(`/api/v1/cert-applications/${id}/interview`, { scheduledAt: '2026-01-01T09:00:00+08:00', panelUserIds: [adminId, 999999] })).status).toBe(400);
    expect((await assessorA.post(`/api/v1/cert-applications/${id}/interview`, { scheduledAt: '2020-01-01T09:00:00+08:00', location: '3 楼会议室', panelUserIds: [assessorAId, assessorBId] })).status).toBe(200);
    expect((await assessorC.post(`/api/v1/cert-applications/${id}/assessments`, { component: 'interview', score: 0.9 })).status).toBe(403);
    expect((await assessorA.post(`/api/v1/cert-applications/${id}/assessments`, { component: 'interview', score: 0.7 })).body.state).toBe('pending');
    expect((await assessorB.post(`/api/v1/cert-applications/${id}/assessments`, { component: 'interview', score: 0.9 })).body).toEqual({ score: 0.8, state: 'complete' });

    // 评估: composite 0.4·0.83 + 0.4·0.85 + 0.2·0.8 = 0.832 ≥ 0.7; failing it against the rule needs a real reason
    const atBoard = (await admin.get(`/api/v1/cert-applications/${id}`)).body;
    expect(atBoard.stage).toBe('evaluate');
    expect(atBoard.composite).toBeCloseTo(0.832, 6);
    expect(atBoard.rule).toEqual({ pass: true, reasons: [] });
    expect((await assessorA.post(`/api/v1/cert-applications/${id}/decision`, { decision: 'pass', reason: 'ok' })).status).toBe(403);
    expect((await admin.post(`/api/v1/cert-applications/${id}/decision`, { decision: 'fail', reason: 'no' })).status).toBe(400);
    const decided = await admin.post(`/api/v1/cert-applications/${id}/decision`, { decision: 'pass', reason: '委员会一致通过' });
    expect(decided.status).toBe(200);
    expect(decided.body.stage).toBe('issued');

    // 颁证: the certificate verifies publicly; the whole trail is recorded with who and why
    const mine = (await candidate.get('/api/v1/me/certificates')).body.items;
    expect(mine).toHaveLength(1);
    expect((await t.anon.get(`/api/v1/public/certificates/${mine[0].publicId}`)).body.valid).toBe(true);
    const trail = (await candidate.get(`/api/v1/cert-applications/${id}`)).body.events.map((e: { action: string }) => e.action);
    expect(trail).toEqual([
      'apply',
      'evidence.application',
      'review.approve',
      'learn.complete',
      'written.record',
      'evidence.practical',
      'practical.grade',
      'practical.grade',
      'practical.grade',
      'interview.schedule',
      'interview.grade',
      'interview.grade',
      'evaluate.pass',
    ]);
    // and now the intermediate level is open to them
    expect((await candidate.post('/api/v1/cert-applications', { levelId: levelId(p, 'intermediate') })).status).toBe(201);

    // notifications in the app, and by e-mail through the SMTP server
    const inbox = (await candidate.get('/api/v1/me/notifications')).body;
    expect(inbox.unread).toBeGreaterThan(0);
    expect(inbox.items.some((n: { title: string }) => n.title.includes('Your certificate has been issued'))).toBe(true);
    expect((await candidate.post(`/api/v1/me/notifications/${inbox.items[0].id}/read`)).status).toBe(200);
    expect((await other.post(`/api/v1/me/notifications/${inbox.items[1].id}/read`)).status).toBe(404);
    await deliverPendingEmails(t.deps);
    const toCandidate = mails.filter((m) => m.to.includes('candidate@example.com'));
    expect(toCandidate.length).toBeGreaterThan(0);
    expect(toCandidate.some((m) => m.raw.includes(`/certification/applications/${id}`))).toBe(true);
    expect(await t.db.$count(notifications, eq(notifications.emailStatus, 'pending'))).toBe(0);
  });

  it('lets a candidate appeal a rejection once, decided by a different assessor; assessors never handle their own application', async () => {
    const p = await programme('flow-b', [{ level: 'junior', requirements: { passScore: 0.6 } }]);
    const own = await assessorCandidate.post('/api/v1/cert-applications', { levelId: levelId(p, 'junior') });
    expect(own.status).toBe(201);
    expect((await assessorCandidate.post(`/api/v1/cert-applications/${own.body.id}/review`, { decision: 'approve', reason: '我自己' })).status).toBe(403);

    const { id } = (await candidate.post('/api/v1/cert-applications', { levelId: levelId(p, 'junior') })).body as { id: number };
    expect((await candidate.post(`/api/v1/cert-applications/${id}/appeal`, { reason: '还没决定' })).status).toBe(409);
    expect((await assessorA.post(`/api/v1/cert-applications/${id}/review`, { decision: 'reject', reason: '材料不完整' })).body.stage).toBe('rejected');
    expect((await other.post(`/api/v1/cert-applications/${id}/appeal`, { reason: 'x' })).status).toBe(404);
    expect((await candidate.post(`/api/v1/cert-applications/${id}/appeal`, { reason: '材料已在附件中提交' })).status).toBe(200);
    expect((await candidate.post(`/api/v1/cert-applications/${id}/appeal`, { reason: '再申诉' })).status).toBe(409);
    // the assessor whose decision is appealed may not decide the appeal
    expect((await assessorA.post(`/api/v1/cert-applications/${id}/appeal/decision`, { decision: 'overturn', reason: '重新考虑' })).status).toBe(403);
    const overturned = await assessorB.post(`/api/v1/cert-applications/${id}/appeal/decision`, { decision: 'overturn', reason: '附件材料完整' });
    expect(overturned.body.stage).toBe('evaluate'); // no components: straight to the committee
    const [row] = await t.db.select().from(certApplications).where(eq(certApplications.id, id));
    expect(row!.appealStatus).toBe('overturned');
    // the dashboard counts it
    const dash = await admin.get(`/api/v1/cert-programmes/${p.id}/dashboard`);
    expect(dash.body.byStage).toMatchObject({ evaluate: 1, review: 1 });
    expect((await candidate.get(`/api/v1/cert-programmes/${p.id}/dashboard`)).status).toBe(403);
    // a candidate may withdraw their own open application
    expect((await candidate.post(`/api/v1/cert-applications/${id}/withdraw`, { reason: '明年再申请' })).status).toBe(200);
    expect((await admin.post(`/api/v1/cert-applications/${id}/decision`, { decision: 'pass', reason: 'x' })).status).toBe(409);
  });

  it('lists only their own applications to candidates, all to assessors', async () => {
    const mine = (await candidate.get('/api/v1/cert-applications')).body;
    expect(mine.total).toBeGreaterThan(0);
    const all = (await assessorA.get('/api/v1/cert-applications?stage=review')).body;
    expect(all.items.every((a: { stage: string }) => a.stage === 'review')).toBe(true);
    expect((await other.get('/api/v1/cert-applications')).body.total).toBe(0);
    const count = await t.db.$count(notifications);
    expect(count).toBeGreaterThan(0);
  });
});

describe('tracking: expiry reminders and renewal', () => {
  it('reminds at 90, 30 and 7 days before expiry, once each, and renews by continuing-education hours', async () => {
    const p = await programme('track-a', [{ level: 'junior', requirements: {}, validityMonths: 12, renewal: { credits: 8, examId: null } }]);
    const now = Date.now();
    // valid for 12 months from 12 months minus 40 days ago: 40 days left
    const cert = await certificateIssuer(t.deps, { levelId: levelId(p, 'junior'), employeeId: candidateEmp, actorUserId: adminId, validFrom: new Date(now - 325 * 86_400_000), reason: 'test' });
    const days = Math.ceil((cert.validUntil!.getTime() - now) / 86_400_000);
    expect(days).toBeGreaterThan(30);
    expect(days).toBeLessThanOrEqual(90);
    const reminders = async (at: number) => {
      await expiryReminderSweep(t.deps, new Date(at));
      return (await t.db.select().from(notifications).where(eq(notifications.kind, 'cert.expiry'))).filter((n) => n.dedupeKey?.startsWith(`certificate:${cert.id}/`)).map((n) => n.dedupeKey);
    };
    expect(await reminders(now)).toEqual([`certificate:${cert.id}/expiry:90`]);
    expect(await reminders(now + 3_600_000)).toHaveLength(1); // the next sweep writes nothing new
    const until = cert.validUntil!.getTime();
    expect(await reminders(until - 29 * 86_400_000)).toHaveLength(2);
    expect(await reminders(until - 6 * 86_400_000)).toEqual([`certificate:${cert.id}/expiry:90`, `certificate:${cert.id}/expiry:30`, `certificate:${cert.id}/expiry:7`]);
    expect(await reminders(until + 86_400_000)).toHaveLength(3); // expired: no more

    // renewal: not enough hours yet → the shortfall is named; others cannot renew it
    const notYet = await candidate.post(`/api/v1/certificates/${cert.id}/renew`);
    expect(notYet.status).toBe(409);
    expect(notYet.body.detail).toMatch(/of 8 continuing-education hours/);
    expect((await other.post(`/api/v1/certificates/${cert.id}/renew`)).status).toBe(404);
    const [c2] = await t.db.insert(courses).values({ title: '持续教育', status: 'published' }).returning();
    await t.db.insert(trainingRecords).values({ employeeId: candidateEmp, kind: 'online', courseId: c2!.id, status: 'completed', progressPercent: 100, completedAt: new Date(), timeSpentSeconds: 9 * 3600 });
    const renewed = await candidate.post(`/api/v1/certificates/${cert.id}/renew`);
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(201);
    expect(renewed.body.route).toBe('credits');
    expect(renewed.body.validFrom).toBe(cert.validUntil!.toISOString());
    expect((await candidate.post(`/api/v1/certificates/${cert.id}/renew`)).status).toBe(409);
  });
});

describe('second marking', () => {
  it('averages two close grades, waits on divergent ones, and then takes the two closest', () => {
    expect(practicalResult([0.7])).toEqual({ score: null, state: 'pending' });
    expect(practicalResult([0.7, 0.8])).toEqual({ score: 0.75, state: 'complete' });
    expect(practicalResult([0.5, 0.9])).toEqual({ score: null, state: 'divergent' });
    expect(practicalResult([0.5, 0.9, 0.85])).toEqual({ score: 0.875, state: 'complete' });
  });
});
