/** Graph change-notification subscriptions: one per To Do list (guide §5, §7; docs/graph-facts.md §3). */
export {
  renewSubscriptions,
  subscribeUserLists,
  upkeepDueSubscriptions,
  UPKEEP_USERS_PER_TICK,
  type RenewSubscriptionsOptions,
  type RenewSubscriptionsSummary,
} from './renew-subscriptions';
export { reportSubscriptions, type SubscriptionsReport } from './subscriptions-report';
export { subscriptionConfigFromEnv, type SubscriptionConfig } from './subscription-config';
export { clientStateMatches, newClientState } from './client-state';
export { findKnownSubscriptions, forgetSubscriptions, requestRenewal, type KnownSubscription } from '../../db/subscriptions-repository';
export { maintainSubscriptionsNow, reportSubscriptionsNow, upkeepSubscriptionsNow } from './process-subscriptions';
