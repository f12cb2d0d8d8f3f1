/**
 * What a use case did, as its caller is told: the HTTP layer (shared/http/answers.ts) answers `ok` with 200,
 * `created` 201, `accepted` 202 (work goes on, or was queued) and `done` 204, the body as JSON. A refusal is a
 * `RefusedError` instead.
 */
export type Reply = { readonly result: 'ok' | 'created' | 'accepted'; readonly body: unknown } | { readonly result: 'done' };

export const ok = (body: unknown): Reply => ({ result: 'ok', body });
export const created = (body: unknown): Reply => ({ result: 'created', body });
export const accepted = (body: unknown): Reply => ({ result: 'accepted', body });
export const done: Reply = { result: 'done' };
