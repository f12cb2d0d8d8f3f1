import { randomUUID } from 'node:crypto';
import { deliver, demoSigningSecrets, sign, twilioForm } from '../../local/signers/index.js';
import type { LocalStack } from '../../local/stack.js';
import { twilioCallParams, twilioDialParams } from '../../local/twilio-example.js';

/** A small seeded PRNG (mulberry32): the same traffic for the same seed. */
export const prng = (seed: number) => () => {
  let t = (seed += 0x6d2b79f5);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export type Kind = 'call' | 'missed' | 'sms' | 'fax' | 'voicemail' | 'telnyx-call';

/** One event of the traffic, and the callbacks a provider sends for it (each will be delivered three times). */
export interface PlannedEvent {
  readonly eventId: string;
  readonly kind: Kind;
  readonly from: string;
  readonly known: boolean;
  readonly callbacks: readonly (() => Promise<Response>)[];
}

export const senders = (stack: LocalStack, mediaUrl: string) => {
  const route = (provider: string) => `${stack.url}/v1/tenants/demo/webhooks/${provider}`;
  const secrets = demoSigningSecrets(stack.demo);
  const twilioPost = (params: Record<string, string>) => () => deliver(sign('twilio', secrets.twilio, { url: route('twilio'), body: twilioForm(params) }));
  // One webhook-id for every delivery of the event, signed afresh each time as a provider's retry is.
  const genericPost = (event: Record<string, unknown>) => {
    const id = `msg_${randomUUID()}`;
    return () => deliver(sign('generic', secrets.generic, { url: route('generic'), body: JSON.stringify(event), deliveryId: id }));
  };
  // One leg of a Telnyx call session: the caller's (A, into the firm's Call Control app) or the lawyer's (B, dialled by it).
  const telnyxPost = (type: string, session: string, leg: 'A' | 'B', from: string, at: Date, extra: Record<string, unknown> = {}) => {
    const parties = leg === 'A' ? { from, to: '+14155550199', direction: 'incoming' } : { from: '+14155550199', to: '+14155550142', direction: 'outgoing' };
    const body = JSON.stringify({
      data: {
        record_type: 'event',
        id: randomUUID(),
        event_type: type,
        occurred_at: at.toISOString(),
        payload: {
          call_control_id: `v3:${session}-${leg}`,
          call_leg_id: `${session}-${leg}`,
          call_session_id: session,
          start_time: new Date(at.getTime() - 1000).toISOString(),
          ...parties,
          ...extra,
        },
      },
      meta: { attempt: 1, delivered_to: route('telnyx') },
    });
    return () => deliver(sign('telnyx', secrets.telnyx, { url: route('telnyx'), body }));
  };

  return (kind: Kind, n: number, from: string): Omit<PlannedEvent, 'known'> => {
    const id = `${kind}-${n}-${Date.now().toString(36)}`;
    const now = new Date();
    switch (kind) {
      case 'call':
      case 'missed': {
        // The firm's TwiML dials a lawyer: the Dial result says whether they answered, the call's status that it ended.
        const talk = 30 + (n % 300);
        const dial = twilioDialParams({
          CallSid: `CA${id}`,
          From: from,
          ...(kind === 'missed' ? { DialCallStatus: 'no-answer', DialCallDuration: '0' } : { DialCallDuration: String(talk) }),
        });
        const status = twilioCallParams({ CallSid: `CA${id}`, From: from, CallDuration: String(kind === 'missed' ? 27 : talk + 6) });
        return { eventId: `twilio:call:CA${id}`, kind, from, callbacks: [twilioPost(dial), twilioPost(status)] };
      }
      case 'sms':
        return {
          eventId: `twilio:message:SM${id}`,
          kind,
          from,
          callbacks: [
            twilioPost({
              MessageSid: `SM${id}`,
              AccountSid: 'AC1',
              From: from,
              To: '+14155550199',
              Body: `Message ${n}`,
              NumMedia: '0',
              SmsStatus: 'received',
            }),
          ],
        };
      case 'fax':
        return {
          eventId: `generic:${id}`,
          kind,
          from,
          callbacks: [
            genericPost({
              providerEventId: id,
              providerResourceId: id,
              kind: 'fax',
              direction: 'inbound',
              external: { raw: from },
              firm: { e164: '+14155550199' },
              occurredAt: now.toISOString(),
              status: 'received',
              pageCount: 1,
              media: [{ url: `${mediaUrl}/fax.pdf`, contentType: 'application/pdf' }],
            }),
          ],
        };
      case 'voicemail':
        return {
          eventId: `generic:${id}`,
          kind,
          from,
          callbacks: [
            genericPost({
              providerEventId: id,
              providerResourceId: id,
              kind: 'voicemail',
              direction: 'inbound',
              external: { raw: from },
              firm: {},
              occurredAt: now.toISOString(),
              status: 'voicemail',
              durationSeconds: 12,
              recording: { url: `${mediaUrl}/vm-${n}.mp3` },
            }),
          ],
        };
      case 'telnyx-call': {
        const session = `session-${id}`;
        const start = new Date(now.getTime() - 200_000);
        return {
          eventId: `telnyx:call:${session}`,
          kind,
          from,
          callbacks: [
            telnyxPost('call.initiated', session, 'A', from, start, { state: 'parked' }),
            telnyxPost('call.answered', session, 'A', from, new Date(start.getTime() + 1000)),
            telnyxPost('call.initiated', session, 'B', from, new Date(start.getTime() + 2000), { state: 'bridging' }),
            telnyxPost('call.answered', session, 'B', from, new Date(start.getTime() + 5000)),
            telnyxPost('call.bridged', session, 'A', from, new Date(start.getTime() + 5000)),
            telnyxPost('call.hangup', session, 'B', from, new Date(start.getTime() + 125_000), { hangup_cause: 'normal_clearing', hangup_source: 'caller' }),
            telnyxPost('call.hangup', session, 'A', from, new Date(start.getTime() + 125_000), { hangup_cause: 'normal_clearing', hangup_source: 'caller' }),
          ],
        };
      }
    }
  };
};

/** Runs tasks with at most `limit` in flight. */
export const pool = async <T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> => {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let i = next++; i < tasks.length; i = next++) results[i] = await (tasks[i] as () => Promise<T>)();
    }),
  );
  return results;
};
