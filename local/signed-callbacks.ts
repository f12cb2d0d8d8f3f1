import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import twilio from 'twilio';

/** A form-encoded Twilio callback to `url`, signed by the `twilio` package as Twilio signs it. */
export const twilioRequest = (authToken: string, url: string, params: Readonly<Record<string, string>>, signature?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature ?? twilio.getExpectedTwilioSignature(authToken, url, params) },
  body: new URLSearchParams(params).toString(),
});

/** An event for the generic route, signed now with the Standard Webhooks reference library (`whsec_…` secret). */
export const genericRequest = (secret: string, event: unknown, id = `msg_${randomUUID()}`): RequestInit => {
  const body = JSON.stringify(event);
  const timestamp = new Date();
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, timestamp, body),
    },
    body,
  };
};
