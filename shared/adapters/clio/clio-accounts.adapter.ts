import type { ClioClientFactory, ClioUser } from '../../ports/clio-accounts.js';
import { ClioClient } from './clio.client.js';
import { clioBaseUrl } from './regions.js';

/** Clio's `users` endpoints on one access token, at the region's host unless `baseUrlOverride` serves every region. */
export const createClioClientFactory = (options: { readonly baseUrlOverride?: string } = {}): ClioClientFactory => ({
  webUrl: (region) => clioBaseUrl(region, options.baseUrlOverride),
  forToken: (region, accessToken) => {
    const clio = new ClioClient({ baseUrl: clioBaseUrl(region, options.baseUrlOverride), accessToken });
    return {
      whoAmI: async () => {
        const me = await clio.get<ClioUser>('users/who_am_i.json', { fields: 'id,name' });
        return { id: me.id, name: me.name };
      },
      enabledUsers: async () => {
        const users = await clio.get<ClioUser[]>('users.json', { fields: 'id,name,email', enabled: 'true', limit: 200 });
        return users.map((u) => ({ id: u.id, name: u.name, ...(u.email ? { email: u.email } : {}) }));
      },
    };
  },
});
