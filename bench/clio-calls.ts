// Clio requests per logged event, by kind, counted from the simulator's request log: GET is a read; POST, PATCH
// and PUT (the document upload to `/__uploads` included) are writes.
import { randomUUID } from 'node:crypto';
import { SAMPLE_FAX_PDF, startMediaServer } from '../local/media-server.js';
import { deliver, sign } from '../local/signers/index.js';
import { startLocalStack, type LocalStack } from '../local/stack.js';

export type Kind = 'call' | 'sms' | 'fax' | 'voicemail';

/** Writes a kind needs at the least (call: the communication and its time entry; fax: document create, upload, PATCH, communication). */
export const MINIMUM_WRITES: Readonly<Record<Kind, number>> = { call: 2, sms: 1, fax: 4, voicemail: 1 };

export interface ClioCallsFigure {
  readonly kind: Kind;
  /** `known`: Jane Smith, stored in Clio as `(415) 555-0100`, calling as +14155550100; `unknown`: a number Clio has not seen. */
  readonly caller: 'known' | 'unknown';
  /** Whether the tenant's phone and matter indexes had been synced from Clio first (`warm`), or not (`none`). */
  readonly index: 'none' | 'warm';
  readonly outcome: string;
  /** The matter the event was filed on (a known caller's is her one open matter). */
  readonly matterId: number | undefined;
  readonly reads: number;
  readonly writes: number;
  /**
   * Physical minimum: no read, the kind's writes, plus the new contact for an unknown caller; but no contact is
   * ever created for a fax, so an unknown sender's fax has nothing to file its PDF under: the communication alone.
   */
  readonly minimumReads: 0;
  readonly minimumWrites: number;
  /** Requests made over the physical minimum's: 1.00 when the event cost no more than it must. */
  readonly ratio: number;
  readonly requests: readonly string[];
}

const KINDS: readonly Kind[] = ['call', 'sms', 'fax', 'voicemail'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const eventOf = (kind: Kind, from: string, mediaUrl: string): Record<string, unknown> => {
  const now = new Date();
  const base = {
    providerEventId: `bench-${randomUUID()}`,
    providerResourceId: randomUUID(),
    kind,
    direction: 'inbound',
    external: { raw: from, e164: from },
    firm: { e164: '+14155550199' },
    occurredAt: now.toISOString(),
  };
  switch (kind) {
    case 'call':
      return { ...base, status: 'completed', durationSeconds: 125, startedAt: new Date(now.getTime() - 125_000).toISOString(), endedAt: now.toISOString() };
    case 'sms':
      return { ...base, status: 'received', text: 'Running ten minutes late' };
    case 'fax':
      return { ...base, status: 'received', pageCount: 1, media: [{ url: `${mediaUrl}/fax.pdf`, contentType: 'application/pdf' }] };
    case 'voicemail':
      return {
        ...base,
        status: 'voicemail',
        durationSeconds: 18,
        recording: { url: `${mediaUrl}/vm.mp3` },
        transcript: 'Please call me back about the lease.',
      };
  }
};

/** Posts one event on the generic route and waits for its outcome; answers the outcome and the Clio requests it made. */
const logOne = async (stack: LocalStack, event: Record<string, unknown>) => {
  const sim = stack.clioSim;
  if (!sim) throw new Error('The Clio figures need the simulator');
  await sim.webhooksSettled();
  await sleep(100);
  const mark = sim.state().requests.length;
  const response = await deliver(
    sign('generic', stack.demo.webhookSecret, { url: `${stack.url}/v1/tenants/demo/webhooks/generic`, body: JSON.stringify(event) }),
  );
  if (response.status !== 202) throw new Error(`The generic route answered ${response.status}: ${await response.text()}`);
  const eventId = `generic:${String(event.providerEventId)}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(50)) {
    const outcome = await stack.adapters.outcomes.get('demo', eventId);
    if (outcome)
      return {
        outcome: outcome.reason ? `${outcome.status} (${outcome.reason})` : outcome.status,
        matterId: outcome.clio.matterId,
        requests: sim.state().requests.slice(mark),
      };
  }
  throw new Error(`No outcome for ${eventId} within 30 s`);
};

/**
 * Every kind from a known caller stored in a non-E.164 format and from an unknown caller, with the demo firm's
 * default settings (matter association on): first with no index, then after `POST /v1/tenants/demo/clio/sync` built
 * the phone and matter indexes. Jane Smith is the client of one open matter, so her events are filed on it.
 */
export const measureClioCalls = async (): Promise<ClioCallsFigure[]> => {
  const media = await startMediaServer({
    '/fax.pdf': { body: SAMPLE_FAX_PDF, contentType: 'application/pdf' },
    '/vm.mp3': { body: Buffer.from('ID3'), contentType: 'audio/mpeg' },
  });
  const stack = await startLocalStack({
    phoneIndexSyncEveryMs: 0,
    clioSim: { rateLimit: { limit: 1_000_000, windowMs: 60_000 } },
    trustedMediaOrigins: [media.url],
  });
  const figures: ClioCallsFigure[] = [];
  let unknown = 0;
  try {
    // The connected user and the tokens are cached by the first event: that one is not counted.
    await logOne(stack, eventOf('call', '+17205550000', media.url));
    for (const index of ['none', 'warm'] as const) {
      if (index === 'warm') {
        const sync = await fetch(`${stack.url}/v1/tenants/demo/clio/sync`, { method: 'POST', headers: { authorization: `Bearer ${stack.demo.adminKey}` } });
        if (sync.status !== 200) throw new Error(`The phone index sync answered ${sync.status}: ${await sync.text()}`);
      }
      for (const kind of KINDS) {
        for (const caller of ['known', 'unknown'] as const) {
          const from = caller === 'known' ? '+14155550100' : `+1720555${String(1000 + unknown++).padStart(4, '0')}`;
          const { outcome, matterId, requests } = await logOne(stack, eventOf(kind, from, media.url));
          const writes = requests.filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method)).length;
          const reads = requests.filter((r) => r.method === 'GET').length;
          const minimumWrites = caller === 'known' ? MINIMUM_WRITES[kind] : kind === 'fax' ? 1 : MINIMUM_WRITES[kind] + 1;
          figures.push({
            kind,
            caller,
            index,
            outcome,
            matterId,
            reads,
            writes,
            minimumReads: 0,
            minimumWrites,
            ratio: (reads + writes) / minimumWrites,
            requests: requests.map((r) => `${r.method} ${r.path} ${r.status}`),
          });
        }
      }
    }
    return figures;
  } finally {
    await media.stop();
    await stack.stop();
  }
};
