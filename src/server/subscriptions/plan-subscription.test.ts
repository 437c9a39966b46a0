import { describe, expect, it } from 'vitest';
import { planSubscription, type SubscriptionFacts } from './plan-subscription';

const now = new Date('2026-03-01T12:00:00Z');
const inMin = (m: number) => new Date(now.getTime() + m * 60_000);
const live: SubscriptionFacts = {
  isActive: true,
  userConnected: true,
  subscriptionId: 'sub-1',
  expiresAt: inMin(3000),
  renewRequested: false,
  webhookConfigured: true,
};

describe('planSubscription', () => {
  it.each<[string, Partial<SubscriptionFacts>, string]>([
    ['a healthy subscription is left alone', {}, 'none'],
    ['a missing subscription is created', { subscriptionId: null, expiresAt: null }, 'create'],
    ['nothing is created without a webhook URL', { subscriptionId: null, expiresAt: null, webhookConfigured: false }, 'none'],
    ['one expiring within the window is renewed', { expiresAt: inMin(1440) }, 'renew'],
    ['one expiring just outside the window is not', { expiresAt: inMin(1441) }, 'none'],
    ['reauthorizationRequired renews at once', { renewRequested: true }, 'renew'],
    ['an expired one is recreated', { expiresAt: inMin(-1) }, 'recreate'],
    ['an expired one without a webhook URL is forgotten', { expiresAt: inMin(-1), webhookConfigured: false }, 'delete'],
    ['an archived list loses its subscription', { isActive: false }, 'delete'],
    ['a disconnected user loses it too', { userConnected: false }, 'delete'],
    ['an archived list without one needs nothing', { isActive: false, subscriptionId: null }, 'none'],
  ])('%s', (_name, change, expected) => {
    expect(planSubscription({ ...live, ...change }, now, 1440)).toBe(expected);
  });
});
