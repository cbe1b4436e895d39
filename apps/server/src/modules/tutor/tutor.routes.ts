/** Routes of the AI tutor: ask (whole answer or Server-Sent Events), history, ratings, content gaps. */
import {
  idParam,
  tutorAnswer,
  tutorAskBody,
  tutorGapsPage,
  tutorGapsQuery,
  tutorHistoryPage,
  tutorHistoryQuery,
  tutorRatingBody,
  type TutorStreamEvent,
} from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import * as tutor from './tutor.service.ts';

const tags = ['tutor'];
const me = (request: { actor: Actor | null }) => request.actor!;

const STREAM_DESCRIPTION = [
  'Answers as `text/event-stream` (Server-Sent Events), in this order:',
  '`citations` {citations} — the passages the answer may cite as [n] (empty when the knowledge base has no answer);',
  '`fallback` {reason} — only when the answer is extractive although a model was wanted (not_configured, timeout, rate_limited, budget_exhausted, model_error);',
  '`delta` {text} — answer text in pieces;',
  '`done` — the stored answer (TutorAnswer, citations checked);',
  '`error` {title, detail} — instead of `done` when the model fails after its first token.',
  'Errors before the stream starts (bad body, unknown course) are ordinary problem+json responses.',
].join(' ');

export const tutorRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/tutor/ask', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Ask the tutor: an answer grounded in the knowledge-base passages you may see, with numbered citations', body: tutorAskBody, response: { 200: tutorAnswer } },
    }, async (request) => tutor.tutorAsker(deps, { actor: me(request), ...request.body }));

    app.post('/tutor/ask/stream', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Ask the tutor and receive the answer as it is written (Server-Sent Events)', description: STREAM_DESCRIPTION, body: tutorAskBody },
    }, async (request, reply) => {
      const ac = new AbortController();
      // Retrieval and checks first: their errors are ordinary responses.
      const prepared = await tutor.tutorPreparer(deps, { actor: me(request), ...request.body, signal: ac.signal });
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
        'x-content-type-options': 'nosniff',
      });
      res.on('close', () => {
        if (!res.writableEnded) ac.abort();
      });
      const emit = (event: TutorStreamEvent, data: unknown) => {
        if (!res.writableEnded && !res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      try {
        await tutor.tutorAnswerer(deps, prepared, emit, true);
      } catch (e) {
        request.log.error({ err: e }, 'tutor stream failed');
        emit('error', { title: 'The answer failed', detail: 'An unexpected error ended the answer', requestId: request.id });
      } finally {
        res.end();
      }
    });

    app.get('/tutor/questions', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Your questions to the tutor and their answers, newest first', querystring: tutorHistoryQuery, response: { 200: tutorHistoryPage } },
    }, async (request) => tutor.tutorHistory(deps, { actor: me(request), ...request.query }));

    app.post('/tutor/questions/:id/rating', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Rate an answer you were given (1 helpful, -1 not); anyone else\'s question is 404', params: idParam, body: tutorRatingBody, response: { 200: tutorAnswer } },
    }, async (request) => tutor.tutorRater(deps, { actor: me(request), id: request.params.id, ...request.body }));

    app.get('/tutor/gaps', {
      config: { policy: allow.roles('admin', 'trainer') },
      schema: { tags, summary: 'Content gaps: questions the knowledge base could not answer or whose answer was rated -1, newest first', querystring: tutorGapsQuery, response: { 200: tutorGapsPage } },
    }, async (request) => tutor.tutorGapLister(deps, { query: request.query }));
  };
