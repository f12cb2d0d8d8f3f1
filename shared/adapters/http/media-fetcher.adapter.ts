import { PermanentError, RetryableError } from '../../domain/errors.js';
import type { MediaFetcher } from '../../ports/media-fetcher.js';

/** Fax PDFs are a few MB; a larger body is not a fax. */
const MAX_MEDIA_BYTES = 50 * 1024 * 1024;

/** Fetches media over HTTPS (presigned links need no credentials). */
export const createHttpMediaFetcher = (options: { timeoutMs?: number } = {}): MediaFetcher => ({
  async fetch(url) {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 20_000) });
    } catch (cause) {
      throw new RetryableError(`Media at ${new URL(url).host} did not answer`, { cause });
    }
    if (response.status >= 500 || response.status === 429) throw new RetryableError(`Media host answered ${response.status}`);
    if (!response.ok) throw new PermanentError('media_unavailable', `The media link answered ${response.status} (expired or refused)`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > MAX_MEDIA_BYTES) throw new PermanentError('media_too_large', `Media is ${bytes.byteLength} bytes`);
    return { bytes, contentType: response.headers.get('content-type')?.split(';')[0] ?? 'application/octet-stream' };
  },
});
