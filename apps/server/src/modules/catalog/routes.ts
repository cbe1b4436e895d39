import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';

export const catalogRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async () => {
    void deps;
  };
