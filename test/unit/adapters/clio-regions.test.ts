import { createClioOAuth } from '../../../shared/adapters/clio/clio-oauth.adapter.js';
import type { ClioRegion } from '../../../shared/domain/tenant.js';

describe('Clio regions', () => {
  const app = { clientId: 'id', clientSecret: 'secret' };

  it.each<[ClioRegion, string]>([
    ['US', 'https://app.clio.com'],
    ['EU', 'https://eu.app.clio.com'],
    ['CA', 'https://ca.app.clio.com'],
    ['AU', 'https://au.app.clio.com'],
  ])("sends a %s firm to its own region's consent page", (region, host) => {
    const url = new URL(createClioOAuth().authorizeUrl(region, app, 'https://hooks.example.com/v1/oauth/clio/callback', 's'));
    expect(url.origin).toBe(host);
    expect(url.pathname).toBe('/oauth/authorize');
  });

  it('sends every region to CLIO_BASE_URL when one is configured', () => {
    expect(new URL(createClioOAuth({ baseUrlOverride: 'http://127.0.0.1:4010' }).authorizeUrl('EU', app, 'https://x/cb', 's')).origin).toBe(
      'http://127.0.0.1:4010',
    );
  });
});
