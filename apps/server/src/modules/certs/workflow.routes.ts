/**
 * Routes of the certification workflow (issue 7 §2), the programme dashboard and notifications.
 * Who may act is checked twice: the route's policy (role), then the service (own application,
 * never one's own as an assessor, the right stage and order).
 */
import {
  appealBody,
  appealDecisionBody,
  applicationEvidenceQuery,
  applicationListQuery,
  applicationPage,
  applicationView,
  applyBody,
  assessmentBody,
  componentResultView,
  decisionBody,
  decisionResult,
  evidenceParams,
  idParam,
  interviewBody,
  notificationPage,
  notificationQuery,
  okSchema,
  programmeDashboard,
  reviewBody,
  stageResult,
  withdrawBody,
  writtenResult,
} from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import { readMultipart } from '../catalog/http-input.ts';
import * as notes from './notifications.service.ts';
import * as wf from './workflow.service.ts';

const tags = ['certification'];
const me = (request: { actor: Actor | null }) => request.actor!;

export const workflowRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/cert-applications', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: '报名 Apply for a level (eligibility is checked at once; every failed check is listed)', body: applyBody, response: { 201: z.object({ id: z.number().int() }) } },
    }, async (request, reply) => reply.code(201).send(await wf.applicationCreator(deps, { actor: me(request), levelId: request.body.levelId, statement: request.body.statement })));

    app.get('/cert-applications', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Applications: your own; assessors and admins see all (filter by stage for the review queue, grading, the decision board)', querystring: applicationListQuery, response: { 200: applicationPage } },
    }, async (request) => wf.applicationList(deps, { actor: me(request), query: { ...request.query, mine: request.query.mine === 'true' } }));

    app.get('/cert-applications/:id', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'An application with its steps (who, when, why); assessors also see grades and private notes', params: idParam, response: { 200: applicationView } },
    }, async (request) => wf.applicationViewer(deps, { actor: me(request), id: request.params.id }));

    app.post('/cert-applications/:id/evidence', {
      config: { policy: allow.authenticated },
      schema: {
        tags,
        summary: 'Upload evidence (multipart, field `file`): with the application (?purpose=application) or the practical work (?purpose=practical)',
        params: idParam,
        querystring: applicationEvidenceQuery,
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ fileId: z.number().int() }) },
      },
    }, async (request, reply) => {
      const { upload } = await readMultipart(request);
      return reply.code(201).send(await wf.evidenceUploader(deps, { actor: me(request), id: request.params.id, upload, purpose: request.query.purpose }));
    });

    app.get('/cert-applications/:id/evidence/:fileId', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Download an evidence file (the candidate, assessors, admins)', params: evidenceParams },
    }, async (request, reply) => {
      const f = await wf.evidenceDownloader(deps, { actor: me(request), id: request.params.id, fileId: request.params.fileId });
      return reply.type(f.mimeType).header('content-length', f.sizeBytes).header('content-disposition', f.disposition).send(f.stream);
    });

    app.post('/cert-applications/:id/review', {
      config: { policy: allow.roles('admin', 'assessor') },
      schema: { tags, summary: '审核 Approve or reject with a reason (not your own application)', params: idParam, body: reviewBody, response: { 200: stageResult } },
    }, async (request) => wf.applicationReviewer(deps, { actor: me(request), id: request.params.id, ...request.body }));

    app.post('/cert-applications/:id/ready', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: '学习 The candidate has done the learning: checked (courses completed, mastery at target), then on to the exams', params: idParam, response: { 200: stageResult } },
    }, async (request) => {
      const r = await wf.learningCompleter(deps, { actor: me(request), id: request.params.id });
      return { stage: r.stage };
    });

    app.post('/cert-applications/:id/written', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: '考试 Record the written exam: the best graded attempt since approval', params: idParam, response: { 200: writtenResult } },
    }, async (request) => wf.writtenRecorder(deps, { actor: me(request), id: request.params.id }));

    app.post('/cert-applications/:id/interview', {
      config: { policy: allow.roles('admin', 'assessor') },
      schema: { tags, summary: 'Schedule the interview with an assessor panel', params: idParam, body: interviewBody, response: { 200: okSchema } },
    }, async (request) => {
      await wf.interviewScheduler(deps, { actor: me(request), id: request.params.id, scheduledAt: new Date(request.body.scheduledAt), location: request.body.location, panelUserIds: request.body.panelUserIds });
      return { ok: true as const };
    });

    app.post('/cert-applications/:id/assessments', {
      config: { policy: allow.roles('admin', 'assessor') },
      schema: { tags, summary: 'Grade the practical work or score the interview (double marking; a third grade when two diverge)', params: idParam, body: assessmentBody, response: { 200: componentResultView } },
    }, async (request) => wf.assessmentRecorder(deps, { actor: me(request), id: request.params.id, ...request.body }));

    app.post('/cert-applications/:id/decision', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: '评估 The committee decides; pass issues the certificate', params: idParam, body: decisionBody, response: { 200: decisionResult } },
    }, async (request) => wf.applicationDecider(deps, { actor: me(request), id: request.params.id, ...request.body }));

    app.post('/cert-applications/:id/appeal', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Appeal a rejection or a failed decision (once)', params: idParam, body: appealBody, response: { 200: okSchema } },
    }, async (request) => {
      await wf.appealFiler(deps, { actor: me(request), id: request.params.id, reason: request.body.reason });
      return { ok: true as const };
    });

    app.post('/cert-applications/:id/appeal/decision', {
      config: { policy: allow.roles('admin', 'assessor') },
      schema: { tags, summary: 'Decide an appeal (someone other than the person whose decision is appealed)', params: idParam, body: appealDecisionBody, response: { 200: stageResult } },
    }, async (request) => wf.appealDecider(deps, { actor: me(request), id: request.params.id, ...request.body }));

    app.post('/cert-applications/:id/withdraw', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Withdraw your open application', params: idParam, body: withdrawBody, response: { 200: okSchema } },
    }, async (request) => {
      await wf.applicationWithdrawer(deps, { actor: me(request), id: request.params.id, reason: request.body.reason });
      return { ok: true as const };
    });

    app.post('/certificates/:id/renew', {
      config: { policy: allow.authenticated },
      schema: {
        tags,
        summary: 'Renew your certificate by the level\'s rule (continuing-education hours or the renewal exam); valid from the old expiry',
        params: idParam,
        response: { 201: z.object({ certificateId: z.number().int(), route: z.enum(['credits', 'exam']), validFrom: z.string() }) },
      },
    }, async (request, reply) => reply.code(201).send(await wf.certificateRenewer(deps, { actor: me(request), id: request.params.id })));

    app.get('/cert-assessors', {
      config: { policy: allow.roles('admin', 'assessor') },
      schema: { tags, summary: 'People who can sit on an interview panel (assessors and admins)', response: { 200: z.object({ items: z.array(z.object({ id: z.number().int(), displayName: z.string() })) }) } },
    }, async () => ({ items: await notes.assessorDirectory(deps) }));

    app.get('/cert-programmes/:id/dashboard', {
      config: { policy: allow.roles('admin', 'trainer') },
      schema: { tags, summary: 'Programme dashboard: applicants per stage, pass rates, time in each stage, upcoming expiries', params: idParam, response: { 200: programmeDashboard } },
    }, async (request) => wf.programmeDashboard(deps, { programmeId: request.params.id }));

    // ---- notifications
    app.get('/me/notifications', {
      config: { policy: allow.authenticated },
      schema: { tags: ['notifications'], summary: 'Your notifications, newest first, with the unread count', querystring: notificationQuery, response: { 200: notificationPage } },
    }, async (request) => notes.myNotifications(deps, { userId: me(request).userId, unreadOnly: request.query.unreadOnly === 'true', page: request.query.page, pageSize: request.query.pageSize }));

    app.post('/me/notifications/:id/read', {
      config: { policy: allow.authenticated },
      schema: { tags: ['notifications'], summary: 'Mark one of your notifications read', params: idParam, response: { 200: okSchema } },
    }, async (request) => notes.notificationReader(deps, { userId: me(request).userId, id: request.params.id }));

    app.post('/me/notifications/read-all', {
      config: { policy: allow.authenticated },
      schema: { tags: ['notifications'], summary: 'Mark all your notifications read', response: { 200: okSchema } },
    }, async (request) => notes.notificationReader(deps, { userId: me(request).userId, id: 'all' }));
  };
