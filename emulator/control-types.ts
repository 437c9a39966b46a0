/**
 * Types of the control API (`/_emulator/...`), shared by the server and the typed
 * client. Plain data only: no server code is imported from here.
 */

/** Switchable deviations that real Graph has been measured to show (docs/graph-facts.md). */
export interface Quirks {
  /** `GET /me/todo/lists` returns at most this many lists and no nextLink (MGD #595/#565); null = off. */
  listsTruncatedTo: number | null;
  /** A POST into a deleted list still answers 201 (docs/graph-facts.md §9.2, ms-todo). */
  deletedListAcceptsTaskPosts: boolean;
  /** Task delta of a deleted list answers an empty 200 instead of 404 (docs/graph-facts.md §9.2). */
  deletedListDeltaEmpty: boolean;
  /** Delta links die this many emulated minutes after they were issued (docs/graph-facts.md §9.2: ~6 min); null = never. */
  deltaLinkTtlMinutes: number | null;
  /** `$top` on task delta gives 400 "Delta query is not supported by this resource." (docs/graph-facts.md §2). */
  deltaTopRejected: boolean;
  /** Incremental delta rounds carry only changed properties plus id (docs/graph-facts.md §2). */
  partialDeltaUpdates: boolean;
  /**
   * Delta replays items (docs/graph-facts.md §2: "expect replays, duplicates"): a page with room
   * sends its first item twice, the last item of a page opens the next page again, and
   * the last item of a round comes again at the start of the next round.
   */
  deltaRepeatsItems: boolean;
  /** A first (token-less) delta round carries `@removed` entries too (docs/graph-facts.md §2: "possibly in the first round too"). */
  removedInInitialRound: boolean;
  /**
   * How a dead delta link answers (docs/graph-facts.md §2: 410 with Location, or "a 40X-series
   * error" `syncStateNotFound` / `resyncRequired`): `gone` = 410 syncStateNotFound,
   * `resyncRequired` = 400 resyncRequired, `mixed` = either, at random.
   */
  deadDeltaLinkAnswer: 'gone' | 'resyncRequired' | 'mixed';
  /** Share (0..1) of change notifications never delivered (docs/graph-facts.md §3: no `missed` event for todoTask). */
  notificationLossRate: number;
  /** Share (0..1) of change notifications delivered a second time, in a later POST (docs/graph-facts.md §3: retries). */
  notificationDuplicateRate: number;
  /** Share (0..1) of change notifications held back by notificationLateMs (docs/graph-facts.md §3: up to 15 min). */
  notificationLateRate: number;
  /** How late a late notification is, in emulated ms: [min, max]. */
  notificationLateMs: [number, number];
  /** The notifications of one POST come in another order than their changes. */
  notificationsReordered: boolean;
  /** Retry-After on 429 is sometimes fractional, like the `2.128` sample (docs/graph-facts.md §4). */
  fractionalRetryAfter: boolean;
  /** completedDateTime comes back as UTC midnight of the completion day (docs/graph-facts.md §1). */
  completedDateTimeUtcMidnight: boolean;
  /**
   * Completing a recurring task keeps its id, moves it to the next occurrence of its pattern
   * and creates a completed copy; once the series has ended it just completes (docs/graph-facts.md §9.2).
   */
  recurringCompletionCreatesCopy: boolean;
  /**
   * A PATCH that changes `dueDateTime` of a recurring task (without clearing `recurrence` in the
   * same body) splits the series: the task keeps its id and moves on to its next occurrence, and
   * a new open recurring task takes the date asked for (docs/graph-facts.md §9.2, measured by ms-todo).
   */
  recurringDueDateWriteSplitsSeries: boolean;
  /** Revoking refresh tokens sends `reauthorizationRequired` to the user's subscriptions. */
  reauthorizationOnRevoke: boolean;
}

export interface ThrottleLimits {
  /** Outlook: 4 concurrent requests per app + mailbox (docs/graph-facts.md §4). */
  maxConcurrentPerMailbox: number;
  /** Outlook: 10,000 requests per 10 minutes per app + mailbox (docs/graph-facts.md §4). */
  maxRequestsPerWindow: number;
  /** Window length in emulated seconds (time-scaled). */
  windowSeconds: number;
}

/** One step of a fault script. */
export type FaultStep =
  | { kind: 'pass' }
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  | { kind: 'latency'; ms: number }
  | { kind: 'timeout'; ms?: number };

/**
 * A Dev Proxy style fault rule. `route` is "METHOD /path" where METHOD may be `*`,
 * `*` matches one path segment and `**` any number, e.g. "GET /v1.0/me/todo/lists/*\/tasks/delta".
 * Either `script` (steps applied to successive matching requests, then pass) or
 * `failureRate` (0..1) with `statuses` to pick from.
 */
export interface FaultRule {
  id?: string;
  route: string;
  /** Only requests of this user id (or email). */
  user?: string;
  script?: FaultStep[];
  failureRate?: number;
  statuses?: (429 | 500 | 502 | 503 | 504)[];
  retryAfterSeconds?: number;
  /** Added latency for every matching request (ms or [min, max]), like Dev Proxy's LatencyPlugin. */
  latencyMs?: number | [number, number];
}

export interface UserInfo {
  id: string;
  email: string;
  displayName: string;
}

export interface TokenSet {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

export interface MintTokenRequest {
  clientId?: string;
  scopes?: string[];
  /** Issue a refresh token too (offline_access). Default true. */
  offlineAccess?: boolean;
  expiresInSeconds?: number;
}

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export type DayOfWeek = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';
export type RecurrencePatternType = 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly' | 'relativeYearly';
export type WeekIndex = 'first' | 'second' | 'third' | 'fourth' | 'last';
export type RecurrenceRangeType = 'noEnd' | 'endDate' | 'numbered';

/** recurrencePattern (docs `resources/recurrencepattern.md`): which members each type needs is checked by the emulator. */
export interface RecurrencePattern {
  type: RecurrencePatternType;
  interval: number;
  daysOfWeek?: DayOfWeek[];
  firstDayOfWeek?: DayOfWeek;
  dayOfMonth?: number;
  /** 1..12 */
  month?: number;
  index?: WeekIndex;
}

/** recurrenceRange (docs `resources/recurrencerange.md`); dates are `YYYY-MM-DD`. */
export interface RecurrenceRange {
  type: RecurrenceRangeType;
  startDate: string;
  endDate?: string;
  numberOfOccurrences?: number;
  /** Zone of startDate/endDate and of the occurrences (Windows or IANA name). */
  recurrenceTimeZone?: string;
}

/** A todoTask's `recurrence` (docs `resources/patternedrecurrence.md`). */
export interface PatternedRecurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

export type TaskStatus = 'notStarted' | 'inProgress' | 'completed' | 'waitingOnOthers' | 'deferred';

/** A step (checklistItem) as Graph returns it. */
export interface ChecklistItemView {
  id: string;
  displayName: string;
  isChecked: boolean;
  /** Set by the service when the step is checked; null while unchecked. */
  checkedDateTime: string | null;
  createdDateTime: string;
}

/** A task as the control API writes it (Graph property names). */
export interface TaskInput {
  title?: string;
  body?: { content: string; contentType: 'text' | 'html' };
  importance?: 'low' | 'normal' | 'high';
  status?: TaskStatus;
  dueDateTime?: DateTimeTimeZone | null;
  startDateTime?: DateTimeTimeZone | null;
  reminderDateTime?: DateTimeTimeZone | null;
  completedDateTime?: DateTimeTimeZone | null;
  isReminderOn?: boolean;
  categories?: string[];
  /** Validated as Graph does (400 for an unknown type or a missing member). */
  recurrence?: PatternedRecurrence | Record<string, unknown> | null;
}

/** What completing a task did: the task itself (rolled forward when recurring) and the completed copy, if one was made. */
export interface CompletionView {
  task: TaskView;
  completedCopy: TaskView | null;
}

/** Graph JSON of a task, as read from state. */
export type TaskView = Record<string, unknown> & { id: string; title: string; status: string };

export interface ListView {
  id: string;
  displayName: string;
  wellknownListName: string;
  isOwner: boolean;
  isShared: boolean;
  deleted: boolean;
  tasks: TaskView[];
}

export interface MailboxView {
  user: UserInfo;
  lists: ListView[];
}

export interface SubscriptionView {
  id: string;
  userId: string;
  clientId: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: string;
}

export interface StateView {
  now: string;
  users: MailboxView[];
  subscriptions: SubscriptionView[];
  quirks: Quirks;
  throttle: ThrottleLimits;
}

export interface DeliveryLogEntry {
  id: number;
  at: string;
  kind: 'notification' | 'lifecycle' | 'validation';
  url: string;
  subscriptionIds: string[];
  /** The POSTed JSON (notifications, lifecycle) or the token (validation). */
  payload: unknown;
  attempt: number;
  status: number | null;
  error: string | null;
  durationMs: number;
  ok: boolean;
}

export interface StatsView {
  /** "METHOD /route/{id}" → status → count. */
  requests: Record<string, Record<string, number>>;
  /** mailbox key (userId) → highest number of requests seen in flight at once. */
  maxInFlightByMailbox: Record<string, number>;
  throttledByMailbox: Record<string, number>;
}

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';
