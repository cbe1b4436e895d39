/**
 * The catalog context's HTTP surface under /api/v1: courses and content (authoring and
 * browsing), files, learning (enrolment, progress, learner home, team view) and records.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { classroomRoutes } from './classroom.routes.ts';
import { contentRoutes } from './content.routes.ts';
import { courseRoutes } from './course.routes.ts';
import { learningRoutes } from './learning.routes.ts';

/** Registers every catalog route; mounted by http/app.ts under /api/v1. */
export const catalogRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(courseRoutes(deps));
    await app.register(contentRoutes(deps));
    await app.register(learningRoutes(deps));
    await app.register(classroomRoutes(deps));
  };
