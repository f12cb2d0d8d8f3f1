import { RefusedError, ValidationError, type RefusalKind } from '../../../shared/domain/errors.js';
import { accepted, created, done, ok } from '../../../shared/domain/reply.js';
import { refusalResponse, replyResponse } from '../../../shared/http/answers.js';

describe('the HTTP answer of a refusal', () => {
  it.each<[RefusalKind, number]>([
    ['invalid', 400],
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['method_not_allowed', 405],
    ['conflict', 409],
    ['too_large', 413],
    ['unsupported_media_type', 415],
    ['unprocessable', 422],
    ['rate_limited', 429],
    ['internal', 500],
    ['upstream_unavailable', 502],
    ['unavailable', 503],
  ])('answers %s with %i and { error: { code, message } }', (kind, status) => {
    // Act
    const response = refusalResponse(new RefusedError(kind, 'some_code', 'Some message'));
    // Assess
    expect(response).toEqual({
      statusCode: status,
      headers: { 'content-type': 'application/json', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
      body: JSON.stringify({ error: { code: 'some_code', message: 'Some message' } }),
    });
  });

  it('says when to come back after a rate limit', () => {
    const response = refusalResponse(new RefusedError('rate_limited', 'tenant_rate_limited', 'Too many', { retryAfterSeconds: 7 }));
    expect(response?.headers['retry-after']).toBe('7');
  });

  it.each([
    ['unsupported_media_type', 415],
    ['malformed_json', 400],
  ])('answers a ValidationError %s with %i', (code, status) => {
    expect(refusalResponse(new ValidationError(code, 'bad'))?.statusCode).toBe(status);
  });

  it('leaves any other error unanswered, to fail as an error', () => {
    expect(refusalResponse(new Error('DynamoDB did not answer'))).toBeUndefined();
  });
});

describe('the HTTP answer of a result', () => {
  it.each([
    [ok({ a: 1 }), 200],
    [created({ a: 1 }), 201],
    [accepted({ a: 1 }), 202],
  ])('answers %o with %i and its body as JSON', (reply, status) => {
    expect(replyResponse(reply)).toEqual({
      statusCode: status,
      headers: { 'content-type': 'application/json', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
      body: '{"a":1}',
    });
  });

  it('answers done with 204 and no body', () => {
    expect(replyResponse(done)).toEqual({ statusCode: 204, headers: {}, body: '' });
  });
});
