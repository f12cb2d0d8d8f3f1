import { parseMatterHook } from '../../../shared/adapters/clio/clio-matter-hook.js';
import { ValidationError } from '../../../shared/domain/errors.js';

const delivery = (event: string, data: unknown = { id: 902, status: 'Closed' }) => Buffer.from(JSON.stringify({ data, meta: { event, webhook_id: 7 } }));

describe('a Clio matter webhook delivery', () => {
  it.each(['created', 'updated', 'matter_opened', 'matter_pended', 'matter_closed'])('names the matter to read back for %s', (event) => {
    expect(parseMatterHook(delivery(event))).toEqual({ event: 'changed', matterId: 902, delivered: { status: 'Closed' } });
  });

  it('carries the version the delivery names, to skip reading back one already indexed', () => {
    const body = delivery('updated', { id: 902, status: 'Open', updated_at: '2026-01-02T04:04:05Z', client: { id: 1001 } });
    expect(parseMatterHook(body)).toEqual({
      event: 'changed',
      matterId: 902,
      delivered: { status: 'Open', updatedAt: '2026-01-02T04:04:05Z', clientId: 1001 },
    });
  });

  it('names the matter to forget for deleted', () => {
    expect(parseMatterHook(delivery('deleted'))).toEqual({ event: 'deleted', matterId: 902 });
  });

  it('acknowledges an event it does not act on', () => {
    expect(parseMatterHook(delivery('archived'))).toEqual({ event: 'other', name: 'archived' });
  });

  it.each([
    ['not JSON', Buffer.from('{')],
    ['no matter id', delivery('updated', { status: 'Open' })],
    ['an id that is not a positive integer', delivery('updated', { id: -3 })],
  ])('refuses a body with %s', (_name, body) => {
    expect(() => parseMatterHook(body)).toThrow(ValidationError);
  });
});
