/**
 * /api/integrations/outlook/webhook (guide §5; docs/graph-facts.md §8 (a)): Microsoft's
 * validation handshake (POST ?validationToken, and GET for the guide's wording) and
 * change notifications. Answers 202 {accepted, rejected, enqueued, skipped} at once;
 * the queued full_sync does the Graph work.
 */
import { receiveWebhook } from '@/server/webhook';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const preferredRegion = 'fra1';
export const maxDuration = 10;

export const POST = (request: Request): Promise<Response> => receiveWebhook(request);
export const GET = (request: Request): Promise<Response> => receiveWebhook(request);
