/**
 * The emulator's state and its To Do mailboxes: users and lists. Every change bumps
 * the mailbox's sequence (delta reads by sequence) and is announced to listeners
 * (notifier, persistence). Task operations live in task-ops.ts.
 */
import type { EmulatorClock } from '../clock';
import type { Quirks } from '../control-types';
import { badRequest, GraphHttpError, notFound } from '../errors';
import { newEtag, newGuid, newListId } from '../ids';
import type { EmulatorState, ListRecord, MailboxRecord, UserRecord, WellknownListName } from './types';

export interface ChangeEvent {
  userId: string;
  kind: 'list' | 'task';
  listId: string;
  taskId: string | null;
  changeType: 'created' | 'updated' | 'deleted';
  etag: string | null;
}

/** Display names as Graph returns them for a new mailbox ("Flagged Emails" as in docs/graph-facts.md §1). */
const BUILT_IN_LISTS: [string, WellknownListName][] = [['Tasks', 'defaultList'], ['Flagged Emails', 'flaggedEmails']];

export type ChangeListener = (event: ChangeEvent) => void;

export class Store {
  private listeners: ChangeListener[] = [];
  private persistListeners: (() => void)[] = [];

  constructor(
    public state: EmulatorState,
    readonly clock: EmulatorClock,
  ) {}

  get quirks(): Quirks {
    return this.state.quirks;
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  onPersistableChange(listener: () => void): void {
    this.persistListeners.push(listener);
  }

  /** Something worth saving changed (tokens, subscriptions, settings). */
  touched(): void {
    for (const l of this.persistListeners) l();
  }

  emit(event: ChangeEvent): void {
    for (const l of this.listeners) l(event);
    this.touched();
  }

  now(): number {
    return this.clock.nowMs();
  }

  nextSeq(mailbox: MailboxRecord): number {
    mailbox.seq += 1;
    return mailbox.seq;
  }

  // ── users ──────────────────────────────────────────────────────────────

  createUser(input: { email: string; displayName?: string; id?: string }): UserRecord {
    const existing = this.findUser(input.email);
    if (existing) return existing;
    const email = input.email.trim().toLowerCase();
    const displayName = input.displayName?.trim() || displayNameFromEmail(email);
    const [givenName, ...rest] = displayName.split(' ');
    const user: UserRecord = {
      id: input.id ?? newGuid(),
      email,
      displayName,
      givenName,
      surname: rest.join(' '),
      createdMs: this.now(),
    };
    const mailbox: MailboxRecord = { user, seq: 0, deltaEpoch: 0, lists: {}, tombstones: [] };
    this.state.mailboxes[user.id] = mailbox;
    this.ensureBuiltInLists(mailbox);
    this.touched();
    return user;
  }

  findUser(idOrEmail: string): UserRecord | undefined {
    const direct = this.state.mailboxes[idOrEmail];
    if (direct) return direct.user;
    const email = idOrEmail.trim().toLowerCase();
    return Object.values(this.state.mailboxes).find((m) => m.user.email === email)?.user;
  }

  users(): UserRecord[] {
    return Object.values(this.state.mailboxes).map((m) => m.user);
  }

  mailbox(userId: string): MailboxRecord {
    const mailbox = this.state.mailboxes[userId];
    if (!mailbox) throw new GraphHttpError(404, 'ErrorInvalidUser', `The requested user '${userId}' is invalid.`);
    return mailbox;
  }

  // ── lists ──────────────────────────────────────────────────────────────

  liveLists(userId: string): ListRecord[] {
    return Object.values(this.mailbox(userId).lists).filter((l) => l.deletedMs === null);
  }

  /** A live list, or 404 ErrorItemNotFound. `allowDeleted` reaches a deleted one (quirks). */
  list(userId: string, listId: string, allowDeleted = false): ListRecord {
    const list = this.mailbox(userId).lists[listId];
    if (!list || (list.deletedMs !== null && !allowDeleted)) throw notFound();
    return list;
  }

  createList(userId: string, displayName: unknown): ListRecord {
    const name = validListName(displayName);
    const list = this.insertList(this.mailbox(userId), name, 'none');
    this.emit({ userId, kind: 'list', listId: list.id, taskId: null, changeType: 'created', etag: list.etag });
    return list;
  }

  renameList(userId: string, listId: string, displayName: unknown): ListRecord {
    const list = this.list(userId, listId);
    const name = validListName(displayName);
    if (list.wellknownListName !== 'none' && name !== list.displayName) {
      throw badRequest('The built-in list cannot be renamed.', 'invalidRequest');
    }
    if (name === list.displayName) return list;
    list.displayName = name;
    list.etag = newEtag();
    list.seq = this.nextSeq(this.mailbox(userId));
    this.emit({ userId, kind: 'list', listId, taskId: null, changeType: 'updated', etag: list.etag });
    return list;
  }

  deleteList(userId: string, listId: string): void {
    const mailbox = this.mailbox(userId);
    const list = this.list(userId, listId);
    if (list.wellknownListName !== 'none') throw badRequest('The built-in list cannot be deleted.', 'invalidRequest');
    const seq = this.nextSeq(mailbox);
    mailbox.tombstones.push({ kind: 'list', id: listId, listId: null, seq, reason: 'deleted' });
    list.deletedMs = this.now();
    list.tasks = {};
    this.emit({ userId, kind: 'list', listId, taskId: null, changeType: 'deleted', etag: null });
  }

  /**
   * Every mailbox has the built-in "Tasks" (`defaultList`) and "Flagged Emails"
   * (`flaggedEmails`) lists, which cannot be renamed or deleted (docs/graph-facts.md §1);
   * a state saved without one gets it back.
   */
  ensureBuiltInLists(mailbox: MailboxRecord): void {
    for (const [name, wellknown] of BUILT_IN_LISTS) {
      if (!Object.values(mailbox.lists).some((l) => l.wellknownListName === wellknown && l.deletedMs === null)) this.insertList(mailbox, name, wellknown);
    }
  }

  private insertList(mailbox: MailboxRecord, displayName: string, wellknown: WellknownListName): ListRecord {
    const seq = this.nextSeq(mailbox);
    const list: ListRecord = {
      id: newListId(),
      displayName,
      isOwner: true,
      isShared: false,
      wellknownListName: wellknown,
      etag: newEtag(),
      seq,
      createdSeq: seq,
      deletedMs: null,
      tasks: {},
    };
    mailbox.lists[list.id] = list;
    return list;
  }
}

function validListName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw badRequest("The property 'displayName' is required and cannot be empty.", 'invalidRequest');
  }
  if (value.length > 255) throw badRequest("The property 'displayName' is too long.", 'invalidRequest');
  return value;
}

function displayNameFromEmail(email: string): string {
  return email
    .split('@')[0]
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join(' ');
}
