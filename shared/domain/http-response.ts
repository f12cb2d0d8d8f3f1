/** An answer to an HTTP request, as API Gateway's payload 2.0 takes it: what a provider's protocol asks for, or the API's. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}
