/** The /subscriptions route's services on the process deps (routes stay parse → service → respond). */
import { getOutlookDeps } from '../outlook';
import { renewSubscriptions, upkeepDueSubscriptions, type RenewSubscriptionsSummary } from './renew-subscriptions';
import { reportSubscriptions, type SubscriptionsReport } from './subscriptions-report';

export async function maintainSubscriptionsNow(): Promise<RenewSubscriptionsSummary> {
  const deps = await getOutlookDeps();
  return renewSubscriptions(deps.db, { deps });
}

export async function reportSubscriptionsNow(): Promise<SubscriptionsReport> {
  const deps = await getOutlookDeps();
  return reportSubscriptions(deps.db);
}

/** The runner's tick (npm start, npm run worker): subscriptions due for upkeep, a bounded batch. */
export async function upkeepSubscriptionsNow(): Promise<RenewSubscriptionsSummary> {
  return upkeepDueSubscriptions(await getOutlookDeps());
}
