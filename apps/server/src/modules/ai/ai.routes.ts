/** Routes of AI provider administration (issue 6 §1): settings, connection test, call log, usage. Admin only. */
import { aiCallPage, aiCallsQuery, aiSettingsBody, aiSettingsView, aiTestBody, aiTestResult, aiUsageReport } from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import * as ai from './ai.service.ts';

const tags = ['ai'];
const me = (request: { actor: Actor | null }) => request.actor!;

export const aiAdminRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/admin/ai/settings', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'The AI provider settings in force and where they come from (never the API key)', response: { 200: aiSettingsView } },
    }, async () => ai.aiSettingsViewer(deps));

    app.put('/admin/ai/settings', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'Save the AI provider settings (apiKey: a string sets it, null clears it, absent keeps it; stored encrypted)', body: aiSettingsBody, response: { 200: aiSettingsView } },
    }, async (request) => ai.aiSettingsSaver(deps, { actor: me(request), requestId: request.id, body: request.body }));

    app.post('/admin/ai/settings/test', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'Test the posted (or saved) settings with a tiny chat call and an embedding call; failures are reported in the body', body: aiTestBody, response: { 200: aiTestResult } },
    }, async (request) => ai.aiConnectionTester(deps, { actor: me(request), body: request.body ?? {} }));

    app.get('/admin/ai/calls', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'The AI call log (who, feature, model, outcome, tokens, latency), newest first', querystring: aiCallsQuery, response: { 200: aiCallPage } },
    }, async (request) => ai.aiCallLister(deps, request.query));

    app.get('/admin/ai/usage', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: "AI usage per month and feature (calls, failures, tokens, p50/p95 latency) and this month's tokens against the budget", response: { 200: aiUsageReport } },
    }, async () => ai.aiUsageReporter(deps));
  };
