/** The emulator's persisted state: plain JSON-serialisable records. */
import type {
  DayOfWeek, FaultRule, Quirks, RecurrencePatternType, RecurrenceRangeType, TaskStatus, ThrottleLimits, WeekIndex,
} from '../control-types';
import type { ClientRegistration } from '../options';

export type Importance = 'low' | 'normal' | 'high';
export type { TaskStatus };
export type WellknownListName = 'none' | 'defaultList' | 'flaggedEmails';

export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  givenName: string;
  surname: string;
  createdMs: number;
}

export interface ChecklistItemRecord {
  id: string;
  displayName: string;
  isChecked: boolean;
  checkedMs: number | null;
  createdMs: number;
}

export interface LinkedResourceRecord {
  id: string;
  webUrl: string | null;
  applicationName: string | null;
  displayName: string | null;
  externalId: string | null;
}

/**
 * A validated patternedRecurrence with every member filled in, as Graph echoes it
 * (`month: 0`, `dayOfMonth: 0`, `daysOfWeek: []`, `endDate: "0001-01-01"`, … when unused).
 */
export interface RecurrenceRecord {
  pattern: {
    type: RecurrencePatternType;
    interval: number;
    month: number;
    dayOfMonth: number;
    daysOfWeek: DayOfWeek[];
    firstDayOfWeek: DayOfWeek;
    index: WeekIndex;
  };
  range: {
    type: RecurrenceRangeType;
    startDate: string;
    endDate: string;
    recurrenceTimeZone: string;
    numberOfOccurrences: number;
  };
}

/** Task fields a client can write; dates are UTC epoch ms. */
export interface TaskFields {
  title: string;
  body: { content: string; contentType: 'text' | 'html' };
  importance: Importance;
  status: TaskStatus;
  isReminderOn: boolean;
  categories: string[];
  dueMs: number | null;
  startMs: number | null;
  reminderMs: number | null;
  completedMs: number | null;
  recurrence: RecurrenceRecord | null;
}

export interface TaskRecord extends TaskFields {
  id: string;
  listId: string;
  hasAttachments: boolean;
  createdMs: number;
  lastModifiedMs: number;
  bodyLastModifiedMs: number;
  checklistItems: ChecklistItemRecord[];
  linkedResources: LinkedResourceRecord[];
  etag: string;
  /** Mailbox change sequence of the last change; drives delta. */
  seq: number;
  createdSeq: number;
  /** Graph property name → seq of its last change (partial delta updates). */
  fieldSeq: Record<string, number>;
}

export interface ListRecord {
  id: string;
  displayName: string;
  isOwner: boolean;
  isShared: boolean;
  wellknownListName: WellknownListName;
  etag: string;
  seq: number;
  createdSeq: number;
  /** Set when deleted; kept only while a quirk still lets it receive task POSTs. */
  deletedMs: number | null;
  tasks: Record<string, TaskRecord>;
}

export interface Tombstone {
  kind: 'list' | 'task';
  id: string;
  listId: string | null;
  seq: number;
  reason: 'deleted' | 'changed';
}

export interface MailboxRecord {
  user: UserRecord;
  seq: number;
  /** Bumped to kill every delta link issued before. */
  deltaEpoch: number;
  lists: Record<string, ListRecord>;
  tombstones: Tombstone[];
}

export interface GrantRecord {
  id: string;
  userId: string;
  clientId: string;
  scopes: string[];
  revoked: boolean;
  createdMs: number;
}

export interface AuthCodeRecord {
  code: string;
  grantId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
  nonce: string | null;
  tenant: string;
  expiresMs: number;
  redeemed: boolean;
}

export interface RefreshTokenRecord {
  grantId: string;
  scopes: string[];
  expiresMs: number;
}

export interface AccessTokenRecord {
  userId: string;
  clientId: string;
  grantId: string | null;
  scopes: string[];
  expiresMs: number;
}

export interface SubscriptionRecord {
  id: string;
  userId: string;
  clientId: string;
  resource: string;
  listId: string;
  changeTypes: ('created' | 'updated' | 'deleted')[];
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expiresMs: number;
}

export interface EmulatorState {
  version: 1;
  mailboxes: Record<string, MailboxRecord>;
  clients: Record<string, ClientRegistration>;
  grants: Record<string, GrantRecord>;
  codes: Record<string, AuthCodeRecord>;
  refreshTokens: Record<string, RefreshTokenRecord>;
  accessTokens: Record<string, AccessTokenRecord>;
  subscriptions: Record<string, SubscriptionRecord>;
  quirks: Quirks;
  throttle: ThrottleLimits;
  faults: FaultRule[];
}
