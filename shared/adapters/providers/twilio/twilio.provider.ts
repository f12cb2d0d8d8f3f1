import { ValidationError } from '../../../domain/errors.js';
import type { InboundWebhook, WebhookProvider } from '../../../ports/webhook-provider.js';
import { mediaType } from '../../../domain/media-type.js';
import { jsonBody } from '../kit.js';
import { assembleTwilioCall } from './twilio.assemble.js';
import { normaliseTwilio } from './twilio.normalise.js';
import { verifyTwilioSignature } from './twilio.signature.js';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

const paramsOf = (request: InboundWebhook): Record<string, string> => {
  // StatusCallbackMethod=GET: the parameters are the query (bodySHA256 only ever signs a JSON body).
  if (request.method === 'GET') return Object.fromEntries(new URLSearchParams(request.rawQuery));
  if (mediaType(request.headers['content-type']) !== JSON_TYPE) {
    return Object.fromEntries(new URLSearchParams(request.body.toString('utf8')));
  }
  const parsed = jsonBody(request, 'Twilio JSON callback');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError('malformed_payload', 'Twilio JSON callback: body is not an object');
  }
  try {
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  } catch (cause) {
    // Twilio's JSON is flat; a value nested thousands deep overflows JSON.stringify's stack (a RangeError, else a 500).
    throw new ValidationError('malformed_payload', 'Twilio JSON callback: a value is nested too deeply', { cause });
  }
};

/**
 * Twilio Programmable Voice and Messaging callbacks (docs/providers/twilio.md), by POST or by GET; Twilio reads a
 * TwiML answer. Voice callbacks are fragments of their call, assembled into one log; messages are direct.
 */
export const twilioProvider: WebhookProvider = {
  name: 'twilio',
  contentTypes: [FORM, JSON_TYPE],
  methods: ['POST', 'GET'],
  verify: verifyTwilioSignature,
  parse: (request, context) => normaliseTwilio(paramsOf(request), context),
  assemble: assembleTwilioCall,
  accepted: () => ({ statusCode: 200, headers: { 'content-type': 'text/xml' }, body: '<Response/>' }),
};
