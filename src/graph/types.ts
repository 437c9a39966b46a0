/** The Graph To Do resources we read and write (docs/graph-facts.md §1). */

export interface GraphUser {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
}

export type WellknownListName = 'none' | 'defaultList' | 'flaggedEmails' | 'unknownFutureValue';

export interface TodoTaskList {
  id: string;
  displayName: string;
  isOwner?: boolean;
  isShared?: boolean;
  wellknownListName?: WellknownListName;
  '@odata.etag'?: string;
}

export interface Removed {
  '@removed': { reason: 'changed' | 'deleted' | string };
}

/** A delta item: a (possibly partial) resource, or `{ id, '@removed' }`. */
export type DeltaItem<T extends { id: string }> = (Partial<T> & { id: string }) | ({ id: string } & Removed);

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export interface ItemBody {
  content: string;
  contentType: 'text' | 'html';
}

export type TaskStatus = 'notStarted' | 'inProgress' | 'completed' | 'waitingOnOthers' | 'deferred';
export type Importance = 'low' | 'normal' | 'high';

export interface LinkedResource {
  id: string;
  webUrl?: string | null;
  applicationName?: string | null;
  displayName?: string | null;
  externalId?: string | null;
}

export interface ChecklistItem {
  id: string;
  displayName: string;
  isChecked?: boolean;
  checkedDateTime?: string | null;
  createdDateTime?: string;
}

export interface TodoTask {
  id: string;
  title: string;
  body?: ItemBody;
  importance?: Importance;
  status?: TaskStatus;
  dueDateTime?: DateTimeTimeZone | null;
  startDateTime?: DateTimeTimeZone | null;
  reminderDateTime?: DateTimeTimeZone | null;
  completedDateTime?: DateTimeTimeZone | null;
  isReminderOn?: boolean;
  categories?: string[];
  recurrence?: unknown;
  hasAttachments?: boolean;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  bodyLastModifiedDateTime?: string;
  linkedResources?: LinkedResource[];
  checklistItems?: ChecklistItem[];
  '@odata.etag'?: string;
}

/** Fields a create/patch may carry (no id, no server-set timestamps). */
export type TodoTaskInput = Partial<Omit<TodoTask, 'id' | 'createdDateTime' | 'lastModifiedDateTime' | 'bodyLastModifiedDateTime' | '@odata.etag' | 'linkedResources' | 'checklistItems'>> & {
  linkedResources?: Omit<LinkedResource, 'id'>[];
  checklistItems?: Omit<ChecklistItem, 'id'>[];
};

export interface Subscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string | null;
  expirationDateTime: string;
  clientState?: string | null;
}

export interface SubscriptionInput {
  resource: string;
  changeType?: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  expirationDateTime: Date | string;
  clientState?: string;
}

/** An OData collection page. */
export interface ODataPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}
