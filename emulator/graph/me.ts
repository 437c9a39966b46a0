/** GET /v1.0/me: the signed-in user's profile. */
import type { Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';

export function registerMeRoutes(app: Hono<AppEnv>, core: EmulatorCore): void {
  app.get('/v1.0/me', (c) => {
    const user = core.store.mailbox(c.get('auth').userId).user;
    return c.json({
      '@odata.context': `${core.baseUrl()}/v1.0/$metadata#users/$entity`,
      businessPhones: [],
      displayName: user.displayName,
      givenName: user.givenName,
      jobTitle: null,
      mail: user.email,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: 'en-GB',
      surname: user.surname || null,
      userPrincipalName: user.email,
      id: user.id,
    });
  });
}
