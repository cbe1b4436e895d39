/** Routes of learning paths, goals, curated paths, module knowledge points and recommendations. */
import {
  assignGoalBody,
  assignGoalResult,
  curatedPath,
  curatedPathBody,
  curatedPathList,
  goalItem,
  goalListQuery,
  goalPage,
  idParam,
  jobItem,
  moduleKps,
  okSchema,
  pathOrderBody,
  pathPreferenceBody,
  pathStepParams,
  pathView,
  putModuleKpsBody,
  recommendationEventBody,
  recommendationList,
  recommendationReport,
  recommendationReportQuery,
  recommendationsQuery,
} from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import * as goals from './goals.service.ts';
import * as plans from './plan.service.ts';
import * as recs from './recommend.service.ts';

const tags = ['paths'];
const me = (request: { actor: Actor | null }) => request.actor!;

export const pathRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // ---- what modules teach
    app.get('/modules/:id/knowledge-points', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'The knowledge points a module teaches, with the expected mastery gain', params: idParam, response: { 200: moduleKps } },
    }, async (request) => goals.moduleKpsViewer(deps, { actor: me(request), moduleId: request.params.id }));

    app.put('/modules/:id/knowledge-points', {
      config: { policy: allow.roles('admin', 'trainer') },
      schema: { tags, summary: "Replace what a module teaches (course owner or admin; all or nothing)", params: idParam, body: putModuleKpsBody, response: { 200: moduleKps } },
    }, async (request) => goals.moduleKpsSetter(deps, { actor: me(request), requestId: request.id, moduleId: request.params.id, items: request.body.items }));

    // ---- my path
    app.get('/me/path', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Your learning path, planned now from your mastery, goal, time and choices', response: { 200: pathView } },
    }, async (request) => plans.myPath(deps, { actor: me(request) }));

    app.put('/me/path/steps/:moduleId', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Pin a module to your path, skip it, or clear your choice; returns the re-planned path', params: pathStepParams, body: pathPreferenceBody, response: { 200: pathView } },
    }, async (request) => plans.pathPreferenceSetter(deps, { actor: me(request), moduleId: request.params.moduleId, action: request.body.action }));

    app.put('/me/path/order', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Your preferred order of steps (respected where prerequisites allow); returns the re-planned path', body: pathOrderBody, response: { 200: pathView } },
    }, async (request) => plans.pathOrderSetter(deps, { actor: me(request), moduleIds: request.body.moduleIds }));

    app.get('/employees/:id/path', {
      config: { policy: allow.roles('admin', 'trainer', 'manager') },
      schema: { tags, summary: "An employee's learning path (managers: their reporting line; 404 outside it)", params: idParam, response: { 200: pathView } },
    }, async (request) => plans.employeePath(deps, { actor: me(request), employeeId: request.params.id }));

    app.post('/paths/replan', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: "Re-plan everyone's path as a background job (progress in GET /jobs/:id)", response: { 202: jobItem } },
    }, async (request, reply) => reply.code(202).send(await plans.replanAll(deps, { actor: me(request) })));

    // ---- goals
    app.post('/goals', {
      config: { policy: allow.roles('admin', 'trainer', 'manager') },
      schema: { tags, summary: 'Assign a goal (a position, knowledge points or a curated path) with a deadline to people or a department; managers only within their reporting line', body: assignGoalBody, response: { 200: assignGoalResult } },
    }, async (request) => plans.goalAssignerWithPlans(deps, { actor: me(request), requestId: request.id, body: request.body }));

    app.get('/goals', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Goals you may see (learners: their own; managers: their reporting line)', querystring: goalListQuery, response: { 200: goalPage } },
    }, async (request) => goals.goalLister(deps, { actor: me(request), query: request.query }));

    app.delete('/goals/:id', {
      config: { policy: allow.roles('admin', 'trainer', 'manager') },
      schema: { tags, summary: 'End an active goal (the path falls back to the position targets)', params: idParam, response: { 200: goalItem } },
    }, async (request) => goals.goalEnder(deps, { actor: me(request), requestId: request.id, goalId: request.params.id }));

    // ---- curated paths
    app.get('/curated-paths', {
      config: { policy: allow.roles('admin', 'trainer', 'manager') },
      schema: { tags, summary: 'Curated learning paths defined by L&D', response: { 200: curatedPathList } },
    }, async () => goals.curatedLister(deps));

    app.get('/curated-paths/:id', {
      config: { policy: allow.roles('admin', 'trainer', 'manager') },
      schema: { tags, summary: 'One curated path', params: idParam, response: { 200: curatedPath } },
    }, async (request) => goals.curatedViewer(deps, { id: request.params.id }));

    app.post('/curated-paths', {
      config: { policy: allow.roles('admin', 'trainer') },
      schema: { tags, summary: 'Define a curated path: modules in order and target knowledge points', body: curatedPathBody, response: { 201: curatedPath } },
    }, async (request, reply) => reply.code(201).send(await goals.curatedCreator(deps, { actor: me(request), requestId: request.id, body: request.body })));

    app.put('/curated-paths/:id', {
      config: { policy: allow.roles('admin', 'trainer') },
      schema: { tags, summary: 'Replace a curated path', params: idParam, body: curatedPathBody, response: { 200: curatedPath } },
    }, async (request) => goals.curatedUpdater(deps, { actor: me(request), requestId: request.id, id: request.params.id, body: request.body }));

    app.delete('/curated-paths/:id', {
      config: { policy: allow.roles('admin', 'trainer') },
      schema: { tags, summary: 'Delete a curated path (409 while it is someone\'s active goal)', params: idParam, response: { 200: okSchema } },
    }, async (request) => {
      await goals.curatedDeleter(deps, { actor: me(request), requestId: request.id, id: request.params.id });
      return { ok: true as const };
    });

    // ---- recommendations
    app.get('/me/recommendations', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Courses recommended to you (learner home, or beside a course with courseId), each with its reasons', querystring: recommendationsQuery, response: { 200: recommendationList } },
    }, async (request) => recs.recommendationsFor(deps, { actor: me(request), courseId: request.query.courseId, limit: request.query.limit }));

    app.post('/me/recommendations/events', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Log a click, enrolment or dismissal of a recommendation (for evaluation)', body: recommendationEventBody, response: { 200: okSchema } },
    }, async (request) => {
      await recs.recommendationEventRecorder(deps, { actor: me(request), body: request.body });
      return { ok: true as const };
    });

    app.get('/recommendations/report', {
      config: { policy: allow.roles('admin', 'trainer') },
      schema: { tags, summary: 'How recommendations fared: impressions, clicks, dismissals and attributed enrolments between two days (default: the last 30), in all, per surface and model, per rank and per course', querystring: recommendationReportQuery, response: { 200: recommendationReport } },
    }, async (request) => recs.recommendationReporter(deps, { query: request.query }));
  };
