import type { Provider } from '../domain/canonical-event.js';

/** Downloads a provider's media (fax PDFs): links expire within minutes, so the processor fetches them first. */
export interface MediaFetcher {
  /**
   * @param provider whose media it is: each provider's media comes from its own hosts only
   * @throws PermanentError when the link is gone, or one we never fetch; RetryableError when the host did not answer.
   */
  fetch(url: string, provider: Provider): Promise<{ readonly bytes: Uint8Array; readonly contentType: string }>;
}
