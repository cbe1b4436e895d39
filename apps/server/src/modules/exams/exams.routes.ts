/** Routes for exams: authoring (trainers, admins), taking (any employee), grading (assessors too). */
import {
  applyCalibrationBody,
  applyCalibrationResult,
  attemptItemParams,
  attemptListQuery,
  attemptSummary,
  attemptView,
  checkResult,
  createExamBody,
  examListQuery,
  examStatusBody,
  examView,
  gradeResponseBody,
  gradeResult,
  gradingQueueQuery,
  gradingTask,
  idParam,
  itemAnalysis,
  myExamList,
  myExamsQuery,
  okSchema,
  page,
  regradeResult,
  saveResponseBody,
  saveResponseResult,
  updateExamBody,
} from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import * as attempts from './attempts.service.ts';
import * as authoring from './exams.service.ts';
import * as grading from './grading.service.ts';

const tags = ['exams'];
const me = (request: { actor: Actor | null }) => request.actor!;
const authors = allow.roles('admin', 'trainer');
const graders = allow.roles('admin', 'trainer', 'assessor');
const attemptQuery = attemptListQuery.omit({ examId: true });

export const examRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // Authoring
    app.get('/exams', {
      config: { policy: authors },
      schema: { tags, summary: 'Exams and practice quizzes, most recently changed first', querystring: examListQuery, response: { 200: page(examView) } },
    }, async (request) => authoring.examList(deps, { query: request.query }));

    app.post('/exams', {
      config: { policy: authors },
      schema: { tags, summary: 'Create an exam (draft): fixed items, a blueprint, or an adaptive pool; every problem is reported', body: createExamBody, response: { 201: examView } },
    }, async (request, reply) => reply.code(201).send(await authoring.examCreator(deps, { actor: me(request), requestId: request.id, body: request.body })));

    app.get('/exams/:id', {
      config: { policy: authors },
      schema: { tags, summary: 'An exam with its items, blueprint (with available items per row) or adaptive pool', params: idParam, response: { 200: examView } },
    }, async (request) => authoring.examViewer(deps, { id: request.params.id }));

    app.patch('/exams/:id', {
      config: { policy: authors },
      schema: { tags, summary: 'Change an exam (a published one: only title, description, window, attempts and feedback)', params: idParam, body: updateExamBody, response: { 200: examView } },
    }, async (request) => authoring.examUpdater(deps, { actor: me(request), requestId: request.id, id: request.params.id, body: request.body }));

    app.post('/exams/:id/status', {
      config: { policy: authors },
      schema: { tags, summary: 'Publish (checked against the active item bank), archive, or return a draft', params: idParam, body: examStatusBody, response: { 200: examView } },
    }, async (request) => authoring.examStatusSetter(deps, { actor: me(request), requestId: request.id, id: request.params.id, status: request.body.status }));

    app.delete('/exams/:id', {
      config: { policy: authors },
      schema: { tags, summary: 'Delete a draft exam that has no attempts', params: idParam, response: { 200: okSchema } },
    }, async (request) => authoring.examRemover(deps, { actor: me(request), requestId: request.id, id: request.params.id }));

    app.get('/exams/:id/attempts', {
      config: { policy: allow.roles('admin', 'trainer', 'manager') },
      schema: { tags, summary: "An exam's attempts (managers: their reporting line)", params: idParam, querystring: attemptQuery, response: { 200: page(attemptSummary) } },
    }, async (request) => attempts.examAttempts(deps, { actor: me(request), examId: request.params.id, query: request.query }));

    app.get('/exams/:id/analysis', {
      config: { policy: authors },
      schema: { tags, summary: 'Item analysis: p-value, point-biserial, distractors, flags and a 2PL calibration from the finished attempts', params: idParam, response: { 200: itemAnalysis } },
    }, async (request) => grading.itemAnalysis(deps, { examId: request.params.id }));

    app.post('/exams/:id/analysis/apply', {
      config: { policy: authors },
      schema: { tags, summary: "Write the calibrated a and b of chosen items into the bank (a new version of each)", params: idParam, body: applyCalibrationBody, response: { 200: applyCalibrationResult } },
    }, async (request) => grading.calibrationApplier(deps, { actor: me(request), requestId: request.id, examId: request.params.id, itemIds: request.body.itemIds }));

    app.post('/items/:id/regrade', {
      config: { policy: authors },
      schema: { tags, summary: 'Regrade the machine-graded responses to an item with its current key (after a key change)', params: idParam, response: { 200: regradeResult } },
    }, async (request) => grading.itemRegrader(deps, { actor: me(request), requestId: request.id, itemId: request.params.id }));

    // Taking
    app.get('/me/exams', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Exams and practice quizzes you can take, with your attempts and best result', querystring: myExamsQuery, response: { 200: myExamList } },
    }, async (request) => attempts.myExams(deps, { actor: me(request), query: request.query }));

    app.get('/me/attempts', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Your attempts, newest first', querystring: attemptListQuery, response: { 200: page(attemptSummary) } },
    }, async (request) => attempts.myAttempts(deps, { actor: me(request), query: request.query }));

    app.post('/exams/:id/attempts', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Start an attempt (201), or resume your open one (200); 409 when the exam is not open or no attempts are left', params: idParam, response: { 200: attemptView, 201: attemptView } },
    }, async (request, reply) => {
      const r = await attempts.attemptStarter(deps, { actor: me(request), requestId: request.id, examId: request.params.id });
      return reply.code(r.resumed ? 200 : 201).send(r.attempt);
    });

    app.get('/attempts/:id', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Your attempt: items without keys, saved answers, the deadline and the server clock; results and feedback when due', params: idParam, response: { 200: attemptView } },
    }, async (request) => attempts.attemptViewer(deps, { actor: me(request), id: request.params.id }));

    app.put('/attempts/:id/responses/:itemId', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Autosave an answer (refused after the deadline or once submitted; an older seq is ignored)', params: attemptItemParams, body: saveResponseBody, response: { 200: saveResponseResult } },
    }, async (request) => attempts.responseSaver(deps, { actor: me(request), attemptId: request.params.id, itemId: request.params.itemId, body: request.body }));

    app.post('/attempts/:id/responses/:itemId/check', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Practice: grade this answer now and show its feedback; adaptive: grade it and move to the next item', params: attemptItemParams, response: { 200: checkResult } },
    }, async (request) => attempts.responseChecker(deps, { actor: me(request), attemptId: request.params.id, itemId: request.params.itemId }));

    app.post('/attempts/:id/submit', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Submit and grade; refused with 409 after the deadline (answers saved in time are then submitted by the server)', params: idParam, response: { 200: attemptView } },
    }, async (request) => attempts.attemptSubmitter(deps, { actor: me(request), id: request.params.id }));

    // Grading
    app.get('/grading/queue', {
      config: { policy: graders },
      schema: { tags, summary: 'Responses waiting for a person (essays, uncertain short answers), oldest first; candidates anonymous', querystring: gradingQueueQuery, response: { 200: page(gradingTask) } },
    }, async (request) => grading.gradingQueue(deps, { query: request.query }));

    app.post('/grading/attempts/:id/items/:itemId', {
      config: { policy: graders },
      schema: { tags, summary: 'Grade a response with rubric levels or a score in [0, 1]; the attempt is graded when nothing is left', params: attemptItemParams, body: gradeResponseBody, response: { 200: gradeResult } },
    }, async (request) => grading.responseGrader(deps, { actor: me(request), requestId: request.id, attemptId: request.params.id, itemId: request.params.itemId, body: request.body }));
  };
