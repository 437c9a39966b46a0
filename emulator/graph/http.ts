/** Small helpers shared by Graph route files. */
import type { Context } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import { badRequest } from '../errors';

export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw badRequest('Empty Payload. JSON content expected.', 'BadRequest');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.', 'BadRequest');
  }
}

export function contextUrl(core: EmulatorCore, userId: string, fragment: string): string {
  return `${core.baseUrl()}/v1.0/$metadata#users('${userId}')/${fragment}`;
}

export function userIdOf(c: Context<AppEnv>): string {
  return c.get('auth').userId;
}

export function noContent(c: Context<AppEnv>) {
  return c.body(null, 204);
}
