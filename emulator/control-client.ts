/**
 * Typed client of the emulator's control API (`/_emulator/...`), usable from any
 * process: tests, the bench, the convergence harness. `emulator.control` is one.
 */
import type {
  ChecklistItemView, CompletionView, DateTimeTimeZone, DeliveryLogEntry, FaultRule, LifecycleEvent, ListView, MailboxView,
  MintTokenRequest, PatternedRecurrence, Quirks, StateView, StatsView, SubscriptionView, TaskInput, TaskStatus, TaskView,
  ThrottleLimits, TokenSet, UserInfo,
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

  private t(user: string, listId: string, taskId: string): string {
    return `${this.u(user)}/lists/${encodeURIComponent(listId)}/tasks/${encodeURIComponent(taskId)}`;
  }

  private step(user: string, listId: string, taskId: string, itemId: string): string {
    return `${this.t(user, listId, taskId)}/checklistItems/${encodeURIComponent(itemId)}`;
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
  // Every write goes through the store operations Graph uses: etags, delta and change
  // notifications follow as for an edit in Outlook; invalid input is a ControlApiError 400.
  createList = (user: string, displayName: string) => this.call<ListView>('POST', `${this.u(user)}/lists`, { displayName });
  renameList = (user: string, listId: string, displayName: string) => this.call<ListView>('PATCH', `${this.u(user)}/lists/${encodeURIComponent(listId)}`, { displayName });
  deleteList = (user: string, listId: string) => this.call<void>('DELETE', `${this.u(user)}/lists/${encodeURIComponent(listId)}`);
  createTask = (user: string, listId: string, task: TaskInput) => this.call<TaskView>('POST', `${this.u(user)}/lists/${encodeURIComponent(listId)}/tasks`, task);
  /** Like a Graph PATCH, quirks included (a due date written on a recurring task splits it: use setDueDate to move it as the app does). */
  updateTask = (user: string, listId: string, taskId: string, patch: TaskInput) =>
    this.call<TaskView>('PATCH', this.t(user, listId, taskId), patch);
  /** PATCH status completed; a recurring task comes back rolled forward (its completed copy is a new task). */
  completeTask = (user: string, listId: string, taskId: string) => this.updateTask(user, listId, taskId, { status: 'completed' });
  /** Completes as a person does: for a recurring task, the task rolled to its next occurrence and the completed copy (null once the series has ended). */
  completeOccurrence = (user: string, listId: string, taskId: string) => this.call<CompletionView>('POST', `${this.t(user, listId, taskId)}/complete`);
  deleteTask = (user: string, listId: string, taskId: string) => this.call<void>('DELETE', this.t(user, listId, taskId));
  /** Moves a task to another list; the task gets a new id (docs/graph-facts.md §1). */
  moveTask = (user: string, listId: string, taskId: string, toListId: string) =>
    this.call<TaskView>('POST', `${this.t(user, listId, taskId)}/move`, { toListId });

  /** Sets (or with null, clears) the task's recurrence; validated as Graph does. */
  setRecurrence = (user: string, listId: string, taskId: string, recurrence: PatternedRecurrence | null) =>
    this.updateTask(user, listId, taskId, { recurrence });
  /** Sets a reminder (isReminderOn true) or, with null, removes it (isReminderOn false). */
  setReminder = (user: string, listId: string, taskId: string, reminder: DateTimeTimeZone | null) =>
    this.updateTask(user, listId, taskId, { reminderDateTime: reminder, isReminderOn: reminder !== null });
  setCategories = (user: string, listId: string, taskId: string, categories: string[]) => this.updateTask(user, listId, taskId, { categories });
  setStatus = (user: string, listId: string, taskId: string, status: TaskStatus) => this.updateTask(user, listId, taskId, { status });
  setStartDate = (user: string, listId: string, taskId: string, start: DateTimeTimeZone | null) =>
    this.updateTask(user, listId, taskId, { startDateTime: start });
  /** Moves the due date as a person does in To Do: a recurring task's series moves with it, nothing splits. */
  setDueDate = (user: string, listId: string, taskId: string, due: DateTimeTimeZone | null) =>
    this.call<TaskView>('POST', `${this.t(user, listId, taskId)}/due`, { dueDateTime: due });

  // Steps (checklistItems), in creation order.
  checklistItems = (user: string, listId: string, taskId: string) => this.call<ChecklistItemView[]>('GET', `${this.t(user, listId, taskId)}/checklistItems`);
  addChecklistItem = (user: string, listId: string, taskId: string, displayName: string, isChecked = false) =>
    this.call<ChecklistItemView>('POST', `${this.t(user, listId, taskId)}/checklistItems`, { displayName, isChecked });
  renameChecklistItem = (user: string, listId: string, taskId: string, itemId: string, displayName: string) =>
    this.call<ChecklistItemView>('PATCH', this.step(user, listId, taskId, itemId), { displayName });
  /** Checks (or with false, unchecks) a step; the service stamps or clears checkedDateTime. */
  checkChecklistItem = (user: string, listId: string, taskId: string, itemId: string, isChecked = true) =>
    this.call<ChecklistItemView>('PATCH', this.step(user, listId, taskId, itemId), { isChecked });
  deleteChecklistItem = (user: string, listId: string, taskId: string, itemId: string) =>
    this.call<void>('DELETE', this.step(user, listId, taskId, itemId));

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
