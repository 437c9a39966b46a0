/** Reading a request's body within a size limit (decision 0042): text, or JSON with its 400/413 answers. */
import { jsonError } from './responses';

const tooLarge = (maxBytes: number) => jsonError(413, 'payload_too_large', `Body over ${maxBytes} bytes`);

/**
 * The body as text, read chunk by chunk: once more than `maxBytes` arrived it stops
 * reading (and cancels the stream), so a chunked body of any size costs at most
 * `maxBytes` of memory. undefined = too large.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Reads a JSON body; returns a 400 Response for malformed JSON, 413 for a body over maxBytes. */
export async function readJson(request: Request, maxBytes = 1_000_000): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > maxBytes) return { ok: false, response: tooLarge(maxBytes) };
  const text = await readBodyText(request, maxBytes);
  if (text === undefined) return { ok: false, response: tooLarge(maxBytes) };
  try {
    return { ok: true, value: text ? JSON.parse(text) : undefined };
  } catch {
    return { ok: false, response: jsonError(400, 'malformed_json', 'Request body is not valid JSON') };
  }
}
