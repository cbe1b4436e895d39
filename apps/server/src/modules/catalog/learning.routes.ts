/** Learning routes: enrolment, assignment, module completion, the learner home and records. */
import {
  assignCourseBody,
  assignmentResult,
  completeModuleBody,
  enrollmentParams,
  enrollmentProgress,
  idParam,
  learnerHome,
  type LearnerHome,
  recordPage,
  recordsQuery,
  teamProgress,
  teamProgressQuery,
} from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import * as enrol from './enrollment.service.ts';
import * as views from './learning.service.ts';

const tags = ['learning'];
const me = (request: { actor: Actor | null }) => request.actor!;

/** Enrolment, assignment, progress, learner home, records and the team view. */
export const learningRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/courses/:id/enroll', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Enrol yourself in a published course (201 new, 200 already enrolled); needs an account linked to an employee', params: idParam, response: { 200: enrollmentProgress, 201: enrollmentProgress } },
    }, async (request, reply) => {
      const r = await enrol.selfEnroller(deps, { actor: me(request), courseId: request.params.id });
      return reply.code(r.created ? 201 : 200).send(r.progress);
    });

    app.post('/courses/:id/assignments', {
      config: { policy: allow.roles('manager', 'admin') },
      schema: { tags, summary: 'Assign a published course with a due date; managers only within their reporting line (403 lists the others, nothing written)', params: idParam, body: assignCourseBody, response: { 200: assignmentResult } },
    }, async (request) => enrol.courseAssigner(deps, { actor: me(request), requestId: request.id, courseId: request.params.id, ...request.body }));

    app.post('/enrollments/:id/modules/:moduleId/complete', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Mark a module of your enrolment complete (idempotent); returns the new progress', params: enrollmentParams, body: completeModuleBody.nullish(), response: { 200: enrollmentProgress } },
    }, async (request) => enrol.moduleCompleter(deps, { actor: me(request), enrollmentId: request.params.id, moduleId: request.params.moduleId, timeSpentSeconds: request.body?.timeSpentSeconds }));

    app.delete('/enrollments/:id/modules/:moduleId/complete', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Undo a module completion; returns the new progress', params: enrollmentParams, response: { 200: enrollmentProgress } },
    }, async (request) => enrol.moduleUncompleter(deps, { actor: me(request), enrollmentId: request.params.id, moduleId: request.params.moduleId }));

    app.get('/me/learning', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Your learning home: enrolments with progress, due dates and next module, and counts', response: { 200: learnerHome } },
    }, async (request, reply) => {
      // The body is the contract's JSON, built by the database (ADR 0009): sent as it is.
      const body = await views.learnerHome(deps, { actor: me(request) });
      // A string payload with a JSON content type skips the serializer; its type is the contract's.
      return reply.type('application/json; charset=utf-8').send(body as unknown as LearnerHome);
    });

    app.get('/me/records', {
      config: { policy: allow.authenticated },
      schema: { tags: ['records'], summary: 'Your training records, online and classroom', querystring: recordsQuery, response: { 200: recordPage } },
    }, async (request) => views.myRecords(deps, { actor: me(request), query: request.query }));

    app.get('/employees/:id/records', {
      config: { policy: allow.roles('admin', 'trainer', 'manager') },
      schema: { tags: ['records'], summary: 'An employee\'s training records (managers: their reporting line; 404 outside it)', params: idParam, querystring: recordsQuery, response: { 200: recordPage } },
    }, async (request) => views.employeeRecords(deps, { actor: me(request), employeeId: request.params.id, query: request.query }));

    app.get('/team/progress', {
      config: { policy: allow.roles('manager', 'admin') },
      schema: { tags, summary: 'Learning progress per team member (managers: their reporting line; admins: everyone) with totals', querystring: teamProgressQuery, response: { 200: teamProgress } },
    }, async (request) => views.teamProgressViewer(deps, { actor: me(request), query: request.query }));
  };
