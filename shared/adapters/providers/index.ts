import type { WebhookProviders } from '../../ports/webhook-provider.js';
import { dialpadProvider } from './dialpad/dialpad.provider.js';
import { genericProvider } from './generic/generic.provider.js';
import { ringCentralProvider } from './ringcentral/ringcentral.provider.js';
import { telnyxProvider } from './telnyx/telnyx.provider.js';
import { twilioProvider } from './twilio/twilio.provider.js';
import { vonageProvider } from './vonage/vonage.provider.js';
import { zoomProvider } from './zoom/zoom.provider.js';

/** Every phone system we take callbacks from: one adapter folder each, registered here. */
export const WEBHOOK_PROVIDERS: WebhookProviders = {
  twilio: twilioProvider,
  telnyx: telnyxProvider,
  ringcentral: ringCentralProvider,
  zoom: zoomProvider,
  dialpad: dialpadProvider,
  vonage: vonageProvider,
  generic: genericProvider,
};
