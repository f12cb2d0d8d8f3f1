import { BudgetSpentError, ClioRejectedError, PermanentError, RetryableError, TenantNotConnectedError } from '../../domain/errors.js';
import { emitMetric, MetricUnit } from '../../observability/metrics.js';
import { MetricName } from '../../observability/metric-names.js';

/** The Clio API version every request pins (responses differ between minor versions). */
export const CLIO_API_VERSION = '4.0.13';

export interface ClioClientOptions {
  /** Host root, e.g. `https://app.clio.com`; the API lives under `/api/v4`. */
  readonly baseUrl: string;
  /** The current access token (it changes when it is refreshed). */
  readonly accessToken: string | (() => string);
  /** Called once when Clio answers 401, to refresh the token before the request is tried again. */
  readonly onUnauthorized?: () => Promise<void>;
  /** Runs before every request (to wait for the budget to reset). */
  readonly beforeRequest?: () => Promise<void>;
  /** Sees every response's rate-limit headers, and a 429's `Retry-After` (to pace the tenant's budget). */
  readonly onRateLimit?: (headers: RateLimitHeaders, retryAfterSeconds?: number) => Promise<void> | void;
  /** @default 10_000 */
  readonly timeoutMs?: number;
}

/** Clio's budget as its last response stated it. */
export interface RateLimitHeaders {
  readonly limit: number;
  readonly remaining: number;
  /** Unix seconds at which the window resets. */
  readonly reset: number;
}

type Query = Readonly<Record<string, string | number | undefined>>;

interface Envelope<T> {
  data: T;
  meta?: { paging?: { next?: string } };
}

interface ClioErrorBody {
  error?: { type?: string; message?: string } | string;
  error_description?: string;
}

const retryAfterSeconds = (response: Response): number => {
  const header = Number(response.headers.get('retry-after'));
  if (Number.isFinite(header) && header > 0) return Math.ceil(header);
  const reset = Number(response.headers.get('x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? Math.max(1, Math.ceil(reset - Date.now() / 1000)) : 60;
};

const rateLimitOf = (response: Response): RateLimitHeaders | undefined => {
  const header = (name: string) => Number(response.headers.get(`x-ratelimit-${name}`) ?? Number.NaN);
  const budget = { limit: header('limit'), remaining: header('remaining'), reset: header('reset') };
  return Object.values(budget).every(Number.isFinite) ? budget : undefined;
};

const describe = (body: ClioErrorBody): { type: string; message: string } => {
  if (typeof body.error === 'string') return { type: body.error, message: body.error_description ?? '' };
  return { type: body.error?.type ?? 'Error', message: body.error?.message ?? '' };
};

/** Clio API v4 over HTTP: bearer token, `{data}` envelope, pinned version, errors mapped to retryable or permanent. */
export class ClioClient {
  readonly #options: ClioClientOptions;

  constructor(options: ClioClientOptions) {
    this.#options = options;
  }

  async get<T>(path: string, query: Query): Promise<T> {
    return (await this.#send<T>('GET', path, query)).data;
  }

  async post<T>(path: string, query: Query, data: unknown): Promise<T> {
    return (await this.#send<T>('POST', path, query, data)).data;
  }

  async patch<T>(path: string, query: Query, data: unknown): Promise<T> {
    return (await this.#send<T>('PATCH', path, query, data)).data;
  }

  /**
   * One page of a list, and Clio's `meta.paging.next` (a full URL) when more remain. Pass that URL back as
   * `next` to read the following page; it must point at the same Clio host (the token goes nowhere else).
   */
  async page<T>(path: string, query: Query, next?: string): Promise<{ data: T[]; next?: string }> {
    if (next !== undefined && new URL(next).origin !== new URL(this.#options.baseUrl).origin) {
      throw new PermanentError('clio_paging_host', 'Clio returned a next page on another host');
    }
    const body = await this.#send<T[]>('GET', path, query, undefined, next);
    const following = body.meta?.paging?.next;
    return { data: body.data, ...(following ? { next: following } : {}) };
  }

  async #send<T>(method: string, path: string, query: Query, data?: unknown, absoluteUrl?: string, retried = false): Promise<Envelope<T>> {
    const url = new URL(absoluteUrl ?? `/api/v4/${path}`, this.#options.baseUrl);
    if (absoluteUrl === undefined) for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    await this.#options.beforeRequest?.();
    const token = typeof this.#options.accessToken === 'function' ? this.#options.accessToken() : this.#options.accessToken;
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'x-api-version': CLIO_API_VERSION,
          ...(data === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(data === undefined ? {} : { body: JSON.stringify({ data }) }),
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 10_000),
      });
    } catch (cause) {
      emitMetric(MetricName.ClioRequest, { status: 'network_error' });
      throw new RetryableError(`Clio ${method} ${path} did not answer`, { cause });
    }
    emitMetric(MetricName.ClioRequest, { status: String(response.status) });
    emitMetric(MetricName.ClioLatency, {}, performance.now() - started, MetricUnit.Milliseconds);
    const budget = rateLimitOf(response);
    if (budget && this.#options.onRateLimit) await this.#options.onRateLimit(budget, response.status === 429 ? retryAfterSeconds(response) : undefined);
    if (response.ok) return (await response.json()) as Envelope<T>;

    const body = (await response.json().catch(() => ({}))) as ClioErrorBody;
    const { type, message } = describe(body);
    if (response.status === 429) {
      emitMetric(MetricName.ClioRateLimited);
      throw new BudgetSpentError(`Clio rate limit reached on ${method} ${path}`, { retryAfterSeconds: retryAfterSeconds(response) });
    }
    if (response.status >= 500) throw new RetryableError(`Clio ${method} ${path} answered ${response.status} ${type}`);
    if (response.status === 401 && !retried && this.#options.onUnauthorized) {
      await this.#options.onUnauthorized();
      return this.#send<T>(method, path, query, data, absoluteUrl, true);
    }
    if (response.status === 401) throw new TenantNotConnectedError(`Clio refused the access token (${type}${message ? `: ${message}` : ''})`);
    throw new ClioRejectedError(response.status, type, `${method} ${path}: ${message}`);
  }
}
