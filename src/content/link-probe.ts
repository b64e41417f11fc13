/**
 * The networked link checker behind `npm run content:links`: asks each URL for real, HEAD first, then
 * GET when the server refuses HEAD (405, 403, 501), with a timeout per request and a limit on requests
 * in flight. Redirects are followed (fetch's default). Without a network every link fails to connect,
 * and {@link summarize} says so plainly instead of reporting each site as dead.
 */
export interface ProbeResult {
  url: string;
  /** HTTP status of the last answer, when there was one. */
  status?: number;
  ok: boolean;
  /** Why it failed: "timeout", a network error code (ENOTFOUND, ECONNREFUSED…) or "HTTP 404". */
  error?: string;
  /** True when no HTTP answer came at all (DNS, connection, timeout). */
  unreachable: boolean;
  method: 'HEAD' | 'GET';
}

export interface ProbeOptions {
  timeoutMs?: number;
  concurrency?: number;
  fetchImpl?: typeof fetch;
}

const HEAD_REFUSED = new Set([403, 405, 501]);

function errorCode(e: unknown): string {
  if (e instanceof Error) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
    const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return cause.code;
    if (cause?.message) return cause.message;
    return e.message;
  }
  return String(e);
}

async function request(url: string, method: 'HEAD' | 'GET', timeoutMs: number, fetchImpl: typeof fetch): Promise<ProbeResult> {
  try {
    // One AbortSignal.timeout per request, never combined with AbortSignal.any (nodejs/node#57736).
    const res = await fetchImpl(url, {
      method,
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'user-agent': 'binh-dan-hoc-vu-so-bot link check', accept: 'text/html,*/*' },
    });
    // Do not download bodies: cancel whatever the server sent.
    await res.body?.cancel().catch(() => undefined);
    return { url, status: res.status, ok: res.ok, error: res.ok ? undefined : `HTTP ${res.status}`, unreachable: false, method };
  } catch (e) {
    return { url, ok: false, error: errorCode(e), unreachable: true, method };
  }
}

/** Probes one URL: HEAD, then GET if the server does not accept HEAD. */
export async function probeLink(url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fetchImpl = options.fetchImpl ?? fetch;
  const head = await request(url, 'HEAD', timeoutMs, fetchImpl);
  if (head.status !== undefined && HEAD_REFUSED.has(head.status)) return request(url, 'GET', timeoutMs, fetchImpl);
  return head;
}

/** Probes every URL with at most `concurrency` requests in flight; results keep the input order. */
export async function probeLinks(urls: readonly string[], options: ProbeOptions = {}): Promise<ProbeResult[]> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const results: ProbeResult[] = new Array(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const i = next++;
      results[i] = await probeLink(urls[i]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
  return results;
}

export interface ProbeSummary {
  ok: number;
  broken: number;
  unreachable: number;
  /** Every link failed without any HTTP answer: most likely there is no network here. */
  noNetwork: boolean;
}

export function summarize(results: readonly ProbeResult[]): ProbeSummary {
  const ok = results.filter((r) => r.ok).length;
  const unreachable = results.filter((r) => r.unreachable).length;
  return {
    ok,
    broken: results.length - ok - unreachable,
    unreachable,
    noNetwork: results.length > 0 && unreachable === results.length,
  };
}
