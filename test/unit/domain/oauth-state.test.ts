import { signState, STATE_TTL_SECONDS, verifyState } from '../../../shared/domain/oauth-state.js';

describe('the OAuth state', () => {
  const now = new Date('2026-01-02T08:00:00Z');

  it('names the tenant it was issued for', () => {
    expect(verifyState(signState('smith-lee', 'key', now, 'n-1'), 'key', now)).toEqual({ ok: true, tenantId: 'smith-lee', nonce: 'n-1' });
  });

  it('expires', () => {
    const later = new Date(now.getTime() + (STATE_TTL_SECONDS + 1) * 1000);
    expect(verifyState(signState('smith-lee', 'key', now), 'key', later)).toEqual({ ok: false, reason: 'expired' });
  });

  it.each([
    ['signed with another key', (s: string) => s, 'other-key'],
    [
      'with its tenant changed',
      (s: string) => `${Buffer.from(JSON.stringify({ t: 'other-firm', exp: 4102444800, n: 'x' })).toString('base64url')}.${s.split('.')[1] ?? ''}`,
      'key',
    ],
    ['without a signature', (s: string) => s.split('.')[0] ?? '', 'key'],
    ['of garbage', () => 'not-a-state', 'key'],
  ])('is refused when %s', (_name, alter, key) => {
    expect(verifyState(alter(signState('smith-lee', 'key', now)), key, now)).toEqual({ ok: false, reason: 'forged' });
  });
});
