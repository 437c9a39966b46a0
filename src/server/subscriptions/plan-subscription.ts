/**
 * What one list mapping's subscription needs (pure):
 *
 *   mapping archived, or its user disconnected   → delete (if it has one)
 *   active, no subscription                      → create (when a webhook URL is set)
 *   active, subscription expired                 → recreate (Graph deleted it), then catch up with delta;
 *                                                  without a webhook URL it is only forgotten (delete)
 *   active, expiring within renewBefore, or
 *     reauthorizationRequired was received       → renew (PATCH; a 404 there means lapsed → recreate)
 *   otherwise                                    → none
 */
export type SubscriptionAction = 'create' | 'renew' | 'recreate' | 'delete' | 'none';

export interface SubscriptionFacts {
  isActive: boolean;
  userConnected: boolean;
  subscriptionId: string | null;
  expiresAt: Date | null;
  renewRequested: boolean;
  webhookConfigured: boolean;
}

export function planSubscription(facts: SubscriptionFacts, now: Date, renewBeforeMin: number): SubscriptionAction {
  const has = facts.subscriptionId !== null;
  if (!facts.isActive || !facts.userConnected) return has ? 'delete' : 'none';
  if (!has) return facts.webhookConfigured ? 'create' : 'none';
  if (!facts.expiresAt || facts.expiresAt.getTime() <= now.getTime()) return facts.webhookConfigured ? 'recreate' : 'delete';
  if (facts.renewRequested || facts.expiresAt.getTime() - now.getTime() <= renewBeforeMin * 60_000) return 'renew';
  return 'none';
}
