import { readdirSync } from 'node:fs';
import type { Provider } from '../../shared/domain/canonical-event.js';
import { twilioCallParams } from '../../local/twilio-example.js';
import { flowIds, loadFlow } from '../support/call-flows.js';
import { providerFixture } from '../support/provider-signing.js';

const flowCallbacks = (provider: Provider, file: string): unknown[] => [
  ...loadFlow<unknown>(provider, file.replace(/\.json$/, ''), flowIds(), 'https://hooks.example.com').callbacks,
];

const TWILIO: readonly Record<string, string>[] = [
  twilioCallParams({ CallSid: 'CA00000000000000000000000000000001' }),
  twilioCallParams({ CallSid: 'CA00000000000000000000000000000002', CallStatus: 'no-answer', CallDuration: '0' }),
  {
    AccountSid: 'AC00000000000000000000000000000000',
    MessageSid: 'SM00000000000000000000000000000001',
    SmsStatus: 'received',
    From: '+14155550100',
    To: '+14155550199',
    Body: 'Hello',
    NumMedia: '0',
  },
  {
    AccountSid: 'AC00000000000000000000000000000000',
    MessageSid: 'SM00000000000000000000000000000002',
    MessageStatus: 'sent',
    From: '+14155550199',
    To: '+14155550100',
    Body: 'Hi',
  },
  {
    AccountSid: 'AC00000000000000000000000000000000',
    CallSid: 'CA00000000000000000000000000000003',
    RecordingSid: 'RE00000000000000000000000000000001',
    RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE0',
    RecordingDuration: '14',
    RecordingStatus: 'completed',
  },
  {
    AccountSid: 'AC00000000000000000000000000000000',
    CallSid: 'CA00000000000000000000000000000004',
    CallStatus: 'in-progress',
    Direction: 'inbound',
    From: '+14155550100',
    To: '+14155550199',
    DialCallSid: 'CA00000000000000000000000000000005',
    DialCallStatus: 'completed',
    DialCallDuration: '95',
    DialBridged: 'true',
  },
  {
    AccountSid: 'AC00000000000000000000000000000000',
    CallSid: 'CA00000000000000000000000000000006',
    CallStatus: 'completed',
    Direction: 'inbound',
    From: '+14155550100',
    To: '+14155550199',
    RecordingSid: 'RE00000000000000000000000000000002',
    RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE2',
    RecordingDuration: '14',
    Digits: 'hangup',
  },
];

const GENERIC: readonly Record<string, unknown>[] = [
  {
    providerEventId: 'call-1',
    providerResourceId: 'call-1',
    kind: 'call',
    direction: 'inbound',
    external: { raw: '(415) 555-0100' },
    firm: { e164: '+14155550199' },
    occurredAt: '2026-01-02T08:04:05Z',
    status: 'completed',
    durationSeconds: 125,
  },
  {
    providerResourceId: 'sms-1',
    kind: 'sms',
    direction: 'outbound',
    external: { raw: '+14155550100', e164: '+14155550100' },
    firm: { e164: '+14155550199' },
    occurredAt: '2026-01-02T08:04:05Z',
    status: 'sent',
    text: 'On my way',
  },
  {
    providerEventId: 'fax-1',
    providerResourceId: 'fax-1',
    kind: 'fax',
    direction: 'inbound',
    external: { raw: '(415) 555-0100' },
    firm: { e164: '+14155550199' },
    occurredAt: '2026-01-02T08:04:05Z',
    status: 'received',
    pageCount: 2,
    media: [{ url: 'https://media.example/fax.pdf', contentType: 'application/pdf' }],
  },
  {
    providerEventId: 'vm-1',
    providerResourceId: 'vm-1',
    kind: 'voicemail',
    direction: 'inbound',
    external: { raw: '4155550100' },
    firm: { extension: '101' },
    occurredAt: '2026-01-02T08:04:05Z',
    status: 'voicemail',
    recording: { url: 'https://media.example/vm.mp3', durationSeconds: 12 },
    transcript: 'Call me',
    amends: 'call-1',
  },
];

/** Twilio's documented callbacks as form parameters (Twilio has no JSON fixtures: it posts forms). */
export const TWILIO_PARAMS = TWILIO;

/** Every documented payload of a provider, as JSON text: the seeds the fuzzer mutates. */
export const samplesOf = (provider: Provider): string[] => {
  if (provider === 'twilio') return TWILIO.map((p) => JSON.stringify(p));
  if (provider === 'generic') return GENERIC.map((e) => JSON.stringify(e));
  const dir = new URL(`../fixtures/providers/${provider}/`, import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  // A call flow holds the callbacks of one call; every other fixture one payload.
  return files.flatMap((f) =>
    (f.startsWith('flow-') ? flowCallbacks(provider, f) : [providerFixture(provider, f.replace(/\.json$/, ''))]).map((p) => JSON.stringify(p)),
  );
};
