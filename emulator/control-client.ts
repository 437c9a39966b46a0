/**
 * Typed client of the emulator's control API (`/_emulator/...`), usable from any
 * process: tests, the bench, the convergence harness. `emulator.control` is one.
 */
import type {
  DeliveryLogEntry, FaultRule, LifecycleEvent, ListView, MailboxView, MintTokenRequest, Quirks, StateView, StatsView,
  SubscriptionView, TaskInput, TaskView, ThrottleLimits, TokenSet, UserInfo,
} from './control-types';

export class ControlApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    method: string,
    path: string,
  ) {
    super(`emulator control ${method} ${path} → ${status}: ${JSON.stringify(body)}`);
  }
}

export class EmulatorControl {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) throw new ControlApiError(response.status, parsed, method, path);
    return parsed as T;
  }

  private u(user: string): string {
    return `/users/${encodeURIComponent(user)}`;
  }

  // ── state and users ────────────────────────────────────────────────
  reset = () => this.call<StateView>('POST', '/reset');
  state = () => this.call<StateView>('GET', '/state');
  users = () => this.call<UserInfo[]>('GET', '/users');
  createUser = (input: { email: string; displayName?: string }) => this.call<MailboxView>('POST', '/users', input);
  /** Lists and tasks of a user (id or email); deleted lists too when asked. */
  mailbox = (user: string, includeDeleted = false) => this.call<MailboxView>('GET', `${this.u(user)}${includeDeleted ? '?includeDeleted=true' : ''}`);

  // ── identity ───────────────────────────────────────────────────────
  /** Tokens for a user without the browser flow. */
  mintToken = (user: string, request: MintTokenRequest = {}) => this.call<TokenSet>('POST', `${this.u(user)}/tokens`, request);
  revokeRefreshTokens = (user: string) => this.call<{ revokedGrantsForClients: string[] }>('POST', `${this.u(user)}/revoke-refresh-tokens`);
  expireAccessTokens = (user?: string) => this.call<{ expired: number }>('POST', user ? `${this.u(user)}/expire-access-tokens` : '/expire-access-tokens');
  /** Every delta link of the user issued so far answers 410 syncStateNotFound. */
  expireDeltaLinks = (user: string) => this.call<{ deltaEpoch: number }>('POST', `${this.u(user)}/expire-delta-links`);
  registerClient = (client: { clientId: string; clientSecret: string; redirectUris: string[] }) => this.call('POST', '/clients', client);

  // ── act as the user in Outlook ─────────────────────────────────────
  createList = (user: string, displayName: string) => this.call<ListView>('POST', `${this.u(user)}/lists`, { displayName });
  renameList = (user: string, listId: string, displayName: string) => this.call<ListView>('PATCH', `${this.u(user)}/lists/${encodeURIComponent(listId)}`, { displayName });
  deleteList = (user: string, listId: string) => this.call<void>('DELETE', `${this.u(user)}/lists/${encodeURIComponent(listId)}`);
  createTask = (user: string, listId: string, task: TaskInput) => this.call<TaskView>('POST', `${this.u(user)}/lists/${encodeURIComponent(listId)}/tasks`, task);
  updateTask = (user: string, listId: string, taskId: string, patch: TaskInput) =>
    this.call<TaskView>('PATCH', `${this.u(user)}/lists/${encodeURIComponent(listId)}/tasks/${encodeURIComponent(taskId)}`, patch);
  completeTask = (user: string, listId: string, taskId: string) => this.updateTask(user, listId, taskId, { status: 'completed' });
  deleteTask = (user: string, listId: string, taskId: string) =>
    this.call<void>('DELETE', `${this.u(user)}/lists/${encodeURIComponent(listId)}/tasks/${encodeURIComponent(taskId)}`);
  /** Moves a task to another list; the task gets a new id (docs/graph-facts.md §1). */
  moveTask = (user: string, listId: string, taskId: string, toListId: string) =>
    this.call<TaskView>('POST', `${this.u(user)}/lists/${encodeURIComponent(listId)}/tasks/${encodeURIComponent(taskId)}/move`, { toListId });
  addChecklistItem = (user: string, listId: string, taskId: string, displayName: string, isChecked = false) =>
    this.call<{ id: string }>('POST', `${this.u(user)}/lists/${encodeURIComponent(listId)}/tasks/${encodeURIComponent(taskId)}/checklistItems`, { displayName, isChecked });

  // ── behaviour switches ─────────────────────────────────────────────
  quirks = () => this.call<Quirks>('GET', '/quirks');
  setQuirks = (quirks: Partial<Quirks>) => this.call<Quirks>('PUT', '/quirks', quirks);
  throttle = () => this.call<ThrottleLimits>('GET', '/throttle');
  setThrottle = (limits: Partial<ThrottleLimits>) => this.call<ThrottleLimits>('PUT', '/throttle', limits);
  faults = () => this.call<FaultRule[]>('GET', '/faults');
  setFaults = (rules: FaultRule[]) => this.call<FaultRule[]>('PUT', '/faults', rules);
  clearFaults = () => this.call<void>('DELETE', '/faults');
  advanceClock = (seconds: number) => this.call<{ now: string }>('POST', '/clock/advance', { seconds });

  // ── observation ────────────────────────────────────────────────────
  stats = () => this.call<StatsView>('GET', '/stats');
  resetStats = () => this.call<void>('POST', '/stats/reset');
  subscriptions = () => this.call<SubscriptionView[]>('GET', '/subscriptions');
  notificationLog = () => this.call<DeliveryLogEntry[]>('GET', '/notifications');
  /** Resolves once no notification is pending or in flight (or after timeoutMs). */
  waitForNotificationsIdle = (timeoutMs = 10_000) => this.call<{ idle: boolean }>('POST', '/notifications/wait-idle', { timeoutMs });
  sendLifecycleEvent = (subscriptionId: string, event: LifecycleEvent) =>
    this.call<void>('POST', `/subscriptions/${encodeURIComponent(subscriptionId)}/lifecycle`, { event });
}
