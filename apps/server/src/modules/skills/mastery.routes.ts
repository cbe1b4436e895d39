/** Routes for targets, evidence, mastery, gaps, the team heat map and knowledge-tracing models. */
import {
  employeeKpParams,
  employeeTargetsView,
  evidenceBatchBody,
  evidenceBatchResult,
  evidenceItem,
  evidenceQuery,
  idParam,
  importQuery,
  importSummary,
  jobItem,
  ktModelList,
  masteryHistory,
  masteryHistoryQuery,
  masteryView,
  page,
  positionTargets,
  putEmployeeTargetBody,
  putPositionTargetsBody,
  ratingBody,
  teamMastery,
  teamMasteryQuery,
} from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { acceptCsvBodies, uploadedCsvBytes } from '../../http/csv-upload.ts';
import { allow, type Actor } from '../../http/policy.ts';
import * as evidence from './evidence.service.ts';
import * as models from './models.service.ts';
import * as views from './mastery.service.ts';
import * as targets from './targets.service.ts';

const tags = ['skills'];
const me = (request: { actor: Actor | null }) => request.actor!;

export const masteryRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    acceptCsvBodies(app, deps.config.maxUploadBytes);
    // ---- targets
    app.get('/positions/:id/targets', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: "A position's target mastery T (and weight) per knowledge point", params: idParam, response: { 200: positionTargets } },
    }, async (request) => targets.positionTargetsView(deps, { positionId: request.params.id }));

    app.put('/positions/:id/targets', {
      config: { policy: allow.roles('admin', 'trainer') },
      schema: { tags, summary: "Replace a position's targets (all or nothing)", params: idParam, body: putPositionTargetsBody, response: { 200: positionTargets } },
    }, async (request) => targets.positionTargetsSetter(deps, { actorUserId: me(request).userId, requestId: request.id }, { positionId: request.params.id, items: request.body.items }));

    app.get('/positions/targets.csv', {
      config: { policy: allow.roles('admin', 'trainer') },
      schema: { tags, summary: "Every position's targets as CSV (position_code, kp_code, target, weight, framework)" },
    }, async (_request, reply) =>
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="position-targets.csv"').send(await targets.targetsExporter(deps)));

    app.post('/positions/targets/import', {
      config: { policy: allow.roles('admin', 'trainer') },
      schema: { tags, summary: 'Import position targets from a CSV (multipart field `file`, or a text/csv body): each position in the file gets exactly its listed targets; dryRun (default true) only validates', querystring: importQuery, response: { 200: importSummary } },
    }, async (request) =>
      targets.targetsImporter(deps, { actorUserId: me(request).userId, requestId: request.id }, { bytes: await uploadedCsvBytes(request), dryRun: request.query.dryRun === 'true' }));

    app.get('/employees/:id/targets', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: "An employee's effective targets: their position's, with individual overrides (row scope: 404 outside it)", params: idParam, response: { 200: employeeTargetsView } },
    }, async (request) => targets.employeeTargetsView(deps, { actor: me(request), employeeId: request.params.id }));

    app.put('/employees/:id/targets/:kpId', {
      config: { policy: allow.roles('admin', 'manager') },
      schema: { tags, summary: 'Override one target for one employee (a different T or weight, an extra point, or excluded)', params: employeeKpParams, body: putEmployeeTargetBody, response: { 200: employeeTargetsView } },
    }, async (request) => targets.employeeTargetSetter(deps, { actor: me(request), requestId: request.id, employeeId: request.params.id, kpId: request.params.kpId, ...request.body }));

    app.delete('/employees/:id/targets/:kpId', {
      config: { policy: allow.roles('admin', 'manager') },
      schema: { tags, summary: "Remove an employee's override: the position's target applies again", params: employeeKpParams, response: { 200: employeeTargetsView } },
    }, async (request) => targets.employeeTargetRemover(deps, { actor: me(request), requestId: request.id, employeeId: request.params.id, kpId: request.params.kpId }));

    // ---- evidence
    app.post('/evidence', {
      config: { policy: allow.roles('admin', 'trainer', 'assessor') },
      schema: { tags, summary: 'Append graded responses to the evidence log (validated as a whole; each bad entry reported) and update mastery online', body: evidenceBatchBody, response: { 200: evidenceBatchResult } },
    }, async (request) => evidence.evidenceRecorder(deps, { actor: me(request), requestId: request.id, body: request.body }));

    app.post('/me/ratings', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Rate your own mastery of knowledge points (weaker evidence, kept apart from K)', body: ratingBody, response: { 200: evidenceBatchResult } },
    }, async (request) => evidence.ratingRecorder(deps, { actor: me(request), requestId: request.id, employeeId: null, ratings: request.body.ratings }));

    app.post('/employees/:id/ratings', {
      config: { policy: allow.roles('admin', 'manager') },
      schema: { tags, summary: "A manager's rating of a report's mastery (weaker evidence, kept apart from K)", params: idParam, body: ratingBody, response: { 200: evidenceBatchResult } },
    }, async (request) => evidence.ratingRecorder(deps, { actor: me(request), requestId: request.id, employeeId: request.params.id, ratings: request.body.ratings }));

    app.get('/employees/:id/evidence', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: "An employee's evidence, newest first, optionally on one knowledge point (row scope)", params: idParam, querystring: evidenceQuery, response: { 200: page(evidenceItem) } },
    }, async (request) => views.evidenceViewer(deps, { actor: me(request), employeeId: request.params.id, query: request.query }));

    // ---- mastery and gaps
    app.get('/me/mastery', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Your mastery K per knowledge point against your targets T, with the gaps ranked', response: { 200: masteryView } },
    }, async (request) => views.myMastery(deps, { actor: me(request) }));

    app.get('/employees/:id/mastery', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: "An employee's mastery and gaps (row scope: yourself, your reporting line, or everyone for admins and trainers)", params: idParam, response: { 200: masteryView } },
    }, async (request) => views.masteryViewer(deps, { actor: me(request), employeeId: request.params.id }));

    app.get('/employees/:id/mastery/history', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'K of one knowledge point after each response (replayed through the serving model)', params: idParam, querystring: masteryHistoryQuery, response: { 200: masteryHistory } },
    }, async (request) => views.masteryHistoryViewer(deps, { actor: me(request), employeeId: request.params.id, kpId: request.query.kpId }));

    app.get('/team/mastery', {
      config: { policy: allow.roles('admin', 'trainer', 'manager') },
      schema: { tags, summary: 'Heat map: team members × knowledge points with K and T (managers: their reporting line)', querystring: teamMasteryQuery, response: { 200: teamMastery } },
    }, async (request) => views.teamMasteryViewer(deps, { actor: me(request), query: request.query }));

    app.get('/team/mastery.csv', {
      config: { policy: allow.roles('admin', 'trainer', 'manager') },
      schema: { tags, summary: 'The heat map page as CSV', querystring: teamMasteryQuery },
    }, async (request, reply) => {
      const csv = await views.teamMasteryCsv(deps, { actor: me(request), query: request.query });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="team-mastery.csv"').send(csv);
    });

    // ---- models and jobs
    app.get('/kt/models', {
      config: { policy: allow.roles('admin', 'trainer') },
      schema: { tags, summary: 'Fitted knowledge-tracing models with their held-out metrics; the active one serves K', response: { 200: ktModelList } },
    }, async () => models.modelList(deps));

    app.post('/kt/refit', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'Refit the knowledge-tracing models in a background job (202 with the job; 409 if one runs)', response: { 202: jobItem } },
    }, async (request, reply) => reply.code(202).send(await models.refitStarter(deps, { actor: me(request) })));

    app.get('/jobs/:id', {
      config: { policy: allow.roles('admin', 'trainer') },
      schema: { tags: ['operations'], summary: 'A background job: status and progress', params: idParam, response: { 200: jobItem } },
    }, async (request) => models.jobViewer(deps, { id: request.params.id }));
  };
