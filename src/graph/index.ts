/** The Microsoft edge: identity, the Graph To Do client and its typed errors. */
export * from './errors';
export * from './types';
export { createGraphClient, graphClientOver, type GraphClient, type GraphClientOptions } from './client';
export { createGraphHttp, type AccessTokenSource, type GraphHttp, type GraphResponseEvent } from './http';
export { createIdentityClient, OUTLOOK_SCOPES, type IdentityClient, type IdentityConfig, type TokenSet } from './identity';
export { isRemoved, isDeltaNotSupported, type DeltaResult, type SnapshotResult } from './delta';
export { MAX_BATCH_REQUESTS, type BatchItemResult, type BatchRequest } from './batch';
export { MAX_IN_FLIGHT_PER_MAILBOX } from './mailbox-limiter';
export { accountEmail } from './me';
export { ALL_CHANGE_TYPES, TODO_SUBSCRIPTION_MAX_MINUTES, taskSubscriptionResource } from './subscriptions';
export { listPath } from './todo-lists';
export { taskPath } from './todo-tasks';
