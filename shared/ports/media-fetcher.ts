/** Downloads a provider's media (fax PDFs): links expire within minutes, so the processor fetches them first. */
export interface MediaFetcher {
  /** @throws PermanentError when the link is gone or refused; RetryableError when the host did not answer. */
  fetch(url: string): Promise<{ readonly bytes: Uint8Array; readonly contentType: string }>;
}
