/** The emulator's HTTP app: identity, Graph, control API and the Outlook page. */
import { Hono } from 'hono';
import type { AppEnv, EmulatorCore } from './core';
import { registerControlAdminRoutes, type AdminHooks } from './control/admin-routes';
import { registerControlNotificationRoutes } from './control/notification-routes';
import { registerControlUserRoutes } from './control/user-routes';
import { GraphHttpError } from './errors';
import { registerBatchRoutes } from './graph/batch';
import { registerChildRoutes } from './graph/children';
import { registerDeltaRoutes } from './graph/delta';
import { registerListRoutes } from './graph/lists';
import { registerMeRoutes } from './graph/me';
import { graphErrorResponse, registerGraphPipeline } from './graph/pipeline';
import { registerSubscriptionRoutes } from './graph/subscriptions';
import { registerTaskRoutes } from './graph/tasks';
import { registerIdentityRoutes } from './identity/routes';
import { registerOutlookRoutes } from './outlook/routes';

export function buildApp(core: EmulatorCore, hooks: AdminHooks): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    await next();
    core.stats.record(c.req.method, c.req.path, c.res.status);
  });
  registerGraphPipeline(app, core);
  registerMeRoutes(app, core);
  registerDeltaRoutes(app, core);
  registerListRoutes(app, core);
  registerTaskRoutes(app, core);
  registerChildRoutes(app, core);
  registerSubscriptionRoutes(app, core);
  registerBatchRoutes(app, core);
  registerIdentityRoutes(app, core);
  registerControlUserRoutes(app, core);
  registerControlAdminRoutes(app, core, hooks);
  registerControlNotificationRoutes(app, core);
  registerOutlookRoutes(app, core);
  app.get('/', (c) => c.redirect('/outlook'));
  app.notFound((c) => {
    const error = new GraphHttpError(400, 'BadRequest', `Resource not found for the segment '${c.req.path.split('/').pop()}'.`);
    if (c.req.path.startsWith('/v1.0/')) return graphErrorResponse(c, core, error);
    return c.text('Not found', 404);
  });
  app.onError((error, c) => {
    if (error instanceof GraphHttpError) return graphErrorResponse(c, core, error);
    if (error instanceof SyntaxError && c.req.path.startsWith('/_emulator')) {
      return graphErrorResponse(c, core, new GraphHttpError(400, 'BadRequest', error.message));
    }
    console.error('[emulator] unexpected error', c.req.method, c.req.path, error);
    return graphErrorResponse(c, core, new GraphHttpError(500, 'generalException', 'An unexpected error occurred in the emulator.'));
  });
  return app;
}
