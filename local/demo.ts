// `npm run demo`: the local stack in-process, three genuinely signed Twilio callbacks, and what became of them.
import twilio from 'twilio';
import type { Outcome } from '../shared/domain/outcome.js';
import { DEMO_TENANT_ID, demoCredentialsFromEnv, startLocalStack, type LocalStack } from './stack.js';
import { twilioCallParams } from './twilio-example.js';

const stack = await startLocalStack({ demo: demoCredentialsFromEnv() });
const webhookUrl = `${stack.url}/v1/tenants/${DEMO_TENANT_ID}/webhooks/twilio`;
const run = Date.now().toString(16);

const scenes: { label: string; eventId: string; params: Record<string, string> }[] = [
  { label: 'Inbound call from +14155550100 (stored in Clio as (415) 555-0100)', eventId: `twilio:call:CA${run}a`, params: twilioCallParams({ CallSid: `CA${run}a`, From: '+14155550100' }) },
  { label: 'Missed call from an unknown number', eventId: `twilio:call:CA${run}b`, params: twilioCallParams({ CallSid: `CA${run}b`, From: '+13125550147', CallStatus: 'no-answer', CallDuration: '0', CallerName: 'MARIA GARCIA' }) },
  {
    label: 'Inbound SMS from +14375551234 (stored as 437.555.1234)', eventId: `twilio:message:SM${run}`,
    params: { AccountSid: 'AC00000000000000000000000000000000', MessageSid: `SM${run}`, SmsSid: `SM${run}`, SmsStatus: 'received', From: '+14375551234', To: '+14155550199', Body: 'Running 10 minutes late', NumMedia: '0', ApiVersion: '2010-04-01' },
  },
];

const waitForOutcome = async (s: LocalStack, eventId: string): Promise<Outcome | undefined> => {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const outcome = await s.adapters.outcomes.get(DEMO_TENANT_ID, eventId);
    if (outcome) return outcome;
  }
  return undefined;
};

let exitCode = 0;
try {
  for (const scene of scenes) {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(stack.demo.twilioAuthToken, webhookUrl, scene.params) },
      body: new URLSearchParams(scene.params).toString(),
    });
    if (response.status !== 200) throw new Error(`${scene.label}: the webhook answered ${response.status} ${await response.text()}`);
  }
  const rows = await Promise.all(scenes.map(async (scene) => ({ scene, outcome: await waitForOutcome(stack, scene.eventId) })));
  const communications = stack.clioSim?.state().communications ?? [];
  console.table(rows.map(({ scene, outcome }) => ({
    event: scene.label,
    outcome: outcome?.status ?? 'none within 15 s',
    reason: outcome?.reason ?? '',
    'Clio records': outcome ? Object.entries(outcome.clio).map(([k, v]) => `${k.replace(/Id$/, '')} ${v}`).join(', ') : '',
    subject: communications.find((c) => c.id === outcome?.clio.communicationId)?.subject ?? '',
  })));
  if (rows.some((r) => !r.outcome)) exitCode = 1;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await stack.stop();
}
process.exit(exitCode);
