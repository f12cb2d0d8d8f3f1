import type { Provider } from '../domain/canonical-event.js';

/** Whose media it is: each provider's media comes from its own hosts only, fetched for one tenant. */
export interface MediaSource {
  readonly provider: Provider;
  readonly tenantId: string;
}

/** Downloads a provider's media (fax PDFs, recordings): links expire within minutes, so the processor fetches them first. */
export interface MediaFetcher {
  /** @throws PermanentError when the link is gone, or one we never fetch; RetryableError when the host did not answer. */
  fetch(url: string, source: MediaSource): Promise<{ readonly bytes: Uint8Array; readonly contentType: string }>;
}

/**
 * The tenant's credentials for media a provider keeps behind its login (RingCentral's message store). Sent only
 * to the URL it was given for, never on a redirect to another origin (docs/media.md).
 */
export interface MediaCredentials {
  /**
   * The `Authorization` header for `url`, or undefined when the provider's media there needs none or the tenant has no
   * connection.
   * @param options.renew the header given before was refused (401): a token is bought again rather than reused
   */
  authorization(url: URL, source: MediaSource, options?: { readonly renew?: boolean }): Promise<string | undefined>;
}
