/**
 * Services the CLI exposes that other parts of Planner provide (subscription
 * renewal, backfill, archiving closed projects). They are looked up at run
 * time, so the CLI works before they exist and picks them up when they land;
 * until then the command says so and exits with status 2.
 */
import { CliError, EXIT } from './output';

export interface ServiceRef {
  /** What the operator asked for, for the error message. */
  label: string;
  /** Modules (relative to this file) and export names to look for, in order. */
  modules: string[];
  exports: string[];
}

export const RENEW_SUBSCRIPTIONS: ServiceRef = {
  label: 'subscriptions renew',
  modules: [
    '../server/outlook/subscriptions-service',
    '../server/outlook/subscriptions',
    '../server/outlook/renew-subscriptions',
    '../server/subscriptions/renew-expiring-subscriptions',
    '../server/subscriptions',
  ],
  exports: ['renewExpiringSubscriptions', 'renewSubscriptions', 'maintainSubscriptions'],
};

export const BACKFILL: ServiceRef = {
  label: 'backfill',
  modules: ['../server/outlook/backfill-task-sync', '../server/outlook/backfill', '../server/backfill-task-sync', '../server/scripts/backfill-task-sync'],
  exports: ['backfillTaskSync', 'backfillUser', 'backfill'],
};

export const ARCHIVE_CLOSED: ServiceRef = {
  label: 'archive-closed',
  modules: [
    '../server/outlook/archive-closed-projects',
    '../server/projects/archive-closed-projects',
    '../server/archive-closed-projects',
    '../server/scripts/archive-closed-projects',
  ],
  exports: ['archiveClosedProjects', 'archiveClosed'],
};

type AnyFn = (...args: unknown[]) => Promise<unknown>;

async function tryImport(specifier: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find module|Failed to load url/.test(String(error))) {
      return undefined;
    }
    throw error;
  }
}

/** The service function, or CliError(exit 2) naming what is missing. */
export async function resolveService(ref: ServiceRef): Promise<AnyFn> {
  for (const specifier of ref.modules) {
    const mod = await tryImport(specifier);
    const name = mod && ref.exports.find((e) => typeof mod[e] === 'function');
    if (mod && name) return mod[name] as AnyFn;
  }
  throw new CliError(`'${ref.label}' is not available yet: its service has not been built into this Planner.`, EXIT.unavailable);
}
