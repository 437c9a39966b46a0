/** One HTTP POST to a receiver with a deadline; the emulator only ever reaches loopback. */
export interface PostResult {
  ok: boolean;
  status: number | null;
  text: string;
  contentType: string;
  error: string | null;
  durationMs: number;
}

export function isLoopbackUrl(raw: string): boolean {
  try {
    const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

export async function postWithDeadline(url: string, body: string, contentType: string, timeoutMs: number, signal?: AbortSignal): Promise<PostResult> {
  const started = Date.now();
  if (!isLoopbackUrl(url)) {
    return { ok: false, status: null, text: '', contentType: '', error: 'refused: the emulator only delivers to loopback addresses', durationMs: 0 };
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort);
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body, signal: controller.signal });
    const text = await response.text();
    return {
      ok: response.status >= 200 && response.status < 300,
      status: response.status,
      text,
      contentType: response.headers.get('content-type') ?? '',
      error: null,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    const timedOut = controller.signal.aborted;
    return {
      ok: false, status: null, text: '', contentType: '',
      error: timedOut ? `no answer within ${timeoutMs} ms` : String((error as Error).message ?? error),
      durationMs: Date.now() - started,
    };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}
