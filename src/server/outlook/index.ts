/** Outlook connection services: connect, tokens, lists, status, disconnect. */
export { callbackUrl, getOutlookDeps, outlookDepsFromEnv, type OutlookDeps, type OutlookDepsSource } from './deps';
export { completeOutlookConnect, startOutlookConnect, type ConnectResult, type SessionBinding } from './connect-service';
export { CONNECTED_MESSAGE, connectErrorMessage, type ConnectErrorCode } from './connect-messages';
export { createTokenService, tokenServiceFor, NotConnectedError, REFRESH_BEFORE_MS, type TokenService } from './token-service';
export { graphClientForUser } from './graph-for-user';
export { ensureProjectList, findLiveList, listExists, type EnsureListResult } from './ensure-project-list';
export { DEFAULT_LIST_NAME, fetchLiveLists, findReusableList, sameListName } from './list-links';
export { getOutlookStatus, type OutlookStatus } from './status';
export { disconnectOutlook, type DisconnectResult } from './disconnect';
export { requestFullSync, syncNow, type CheckedSyncNowResult, type SyncNowResult } from './sync-now';
export { decryptToken, encryptToken } from './token-crypto';
