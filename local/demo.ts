// `npm run demo`: the local stack in-process, genuinely signed callbacks of every kind, and what became of them.
import { randomUUID } from 'node:crypto';
import type { Outcome } from '../shared/domain/outcome.js';
import { SAMPLE_FAX_PDF, startMediaServer } from './media-server.js';
import { deliver, demoSigningSecrets, sign, twilioForm } from './signers/index.js';
import { DEMO_TENANT_ID, demoCredentialsFromEnv, LOCAL_CALL_SETTLE_SECONDS, startLocalStack } from './stack.js';
import { twilioCallParams, twilioDialParams } from './twilio-example.js';

const media = await startMediaServer({ '/fax.pdf': { body: SAMPLE_FAX_PDF, contentType: 'application/pdf' } });
// The demo's media server is on this machine: trusted by its exact origin, as no provider's media ever is.
const stack = await startLocalStack({ demo: demoCredentialsFromEnv(), callSettleSeconds: LOCAL_CALL_SETTLE_SECONDS, trustedMediaOrigins: [media.url] });
const route = (provider: string) => `${stack.url}/v1/tenants/${DEMO_TENANT_ID}/webhooks/${provider}`;
const run = Date.now().toString(16);
const secrets = demoSigningSecrets(stack.demo);

const twilioPost = (params: Record<string, string>): Promise<Response> =>
  deliver(sign('twilio', secrets.twilio, { url: route('twilio'), body: twilioForm(params) }));

/** A call's callbacks one after the other, as Twilio sends them: the answer of the first that was refused, else the last. */
const twilioCall = async (...callbacks: Record<string, string>[]): Promise<Response> => {
  let response = new Response(null, { status: 204 });
  for (const params of callbacks) {
    response = await twilioPost(params);
    if (!response.ok) break;
  }
  return response;
};

const genericPost = (event: Record<string, unknown>): Promise<Response> =>
  deliver(sign('generic', secrets.generic, { url: route('generic'), body: JSON.stringify(event) }));

const scenes: { label: string; eventId: string; send: () => Promise<Response> }[] = [
  {
    label: 'Call from +14155550100 (Clio has (415) 555-0100), answered by a lawyer: 119 s talk',
    eventId: `twilio:call:CA${run}a`,
    send: () => twilioCall(twilioDialParams({ CallSid: `CA${run}a`, From: '+14155550100' }), twilioCallParams({ CallSid: `CA${run}a`, From: '+14155550100' })),
  },
  {
    label: 'Call from an unknown number that nobody picked up',
    eventId: `twilio:call:CA${run}b`,
    send: () =>
      twilioCall(
        twilioDialParams({ CallSid: `CA${run}b`, From: '+13125550147', DialCallStatus: 'no-answer', DialCallDuration: '0', CallerName: 'MARIA GARCIA' }),
        twilioCallParams({ CallSid: `CA${run}b`, From: '+13125550147', CallDuration: '27', CallerName: 'MARIA GARCIA' }),
      ),
  },
  {
    label: 'SMS from +14375551234 (Clio has 437.555.1234)',
    eventId: `twilio:message:SM${run}`,
    send: () =>
      twilioPost({
        AccountSid: 'AC00000000000000000000000000000000',
        MessageSid: `SM${run}`,
        SmsSid: `SM${run}`,
        SmsStatus: 'received',
        From: '+14375551234',
        To: '+14155550199',
        Body: 'Running 10 minutes late',
        NumMedia: '0',
        ApiVersion: '2010-04-01',
      }),
  },
  {
    label: 'Telnyx fax from +14155550100, PDF attached',
    eventId: `telnyx:fax:fax-${run}`,
    send: () => {
      const body = JSON.stringify({
        data: {
          record_type: 'event',
          id: randomUUID(),
          event_type: 'fax.received',
          occurred_at: new Date().toISOString(),
          payload: {
            fax_id: `fax-${run}`,
            direction: 'inbound',
            from: '+14155550100',
            to: '+14155550199',
            page_count: 1,
            call_duration_secs: 40,
            status: 'received',
            media_url: `${media.url}/fax.pdf`,
          },
        },
        meta: { attempt: 1, delivered_to: route('telnyx') },
      });
      return deliver(sign('telnyx', secrets.telnyx, { url: route('telnyx'), body }));
    },
  },
  {
    label: 'Voicemail via the generic signed route',
    eventId: `generic:vm-${run}`,
    send: () =>
      genericPost({
        providerEventId: `vm-${run}`,
        providerResourceId: `vm-${run}`,
        kind: 'voicemail',
        direction: 'inbound',
        external: { raw: '(437) 555-1234' },
        firm: { e164: '+14155550199' },
        occurredAt: new Date().toISOString(),
        status: 'voicemail',
        durationSeconds: 18,
        recording: { url: `${media.url}/vm.mp3` },
        transcript: 'Please call me back about the lease.',
      }),
  },
  // Only a status callback describes it: logged once the call has settled.
  {
    label: 'Extension-to-extension call',
    eventId: `twilio:call:CA${run}c`,
    send: () => twilioPost(twilioCallParams({ CallSid: `CA${run}c`, From: 'client:alice', To: 'client:bob' })),
  },
];

const waitForOutcome = async (eventId: string): Promise<Outcome | undefined> => {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const outcome = await stack.adapters.outcomes.get(DEMO_TENANT_ID, eventId);
    if (outcome) return outcome;
  }
  return undefined;
};

const LABELS: Record<string, string> = {
  communicationId: 'communication',
  activityId: 'time entry',
  documentId: 'document',
  contactId: 'contact',
  createdContactId: 'created contact',
  matterId: 'matter',
  userId: 'user',
};

let exitCode = 0;
try {
  for (const scene of scenes) {
    const response = await scene.send();
    if (!response.ok) throw new Error(`${scene.label}: the webhook answered ${response.status} ${await response.text()}`);
  }
  const rows = await Promise.all(scenes.map(async (scene) => ({ scene, outcome: await waitForOutcome(scene.eventId) })));
  const communications = stack.clioSim?.state().communications ?? [];
  console.table(
    rows.map(({ scene, outcome }) => ({
      event: scene.label,
      outcome: outcome?.status ?? 'none within 15 s',
      reason: outcome?.reason ?? '',
      'Clio records': outcome
        ? Object.entries(outcome.clio)
            .map(([k, v]) => `${LABELS[k] ?? k} ${v}`)
            .join(', ')
        : '',
      subject: communications.find((c) => c.id === outcome?.clio.communicationId)?.subject ?? '',
    })),
  );
  if (rows.some((r) => !r.outcome)) exitCode = 1;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await media.stop();
  await stack.stop();
}
process.exit(exitCode);
