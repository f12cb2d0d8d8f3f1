// Why here, in local/, and not beside each adapter in shared/adapters/providers/<name>/: a signer plays the phone
// system, not us. It needs what no Lambda bundle may carry (devDependencies such as `twilio`, and signing halves
// such as the demo's Telnyx private key), and nothing under lambdas/ or shared/ imports local/ (ESLint refuses it),
// while the tests and the demo (`npm run demo`, `npm start`) already do.
import type { Provider } from '../../shared/domain/canonical-event.js';
import { DEMO_TELNYX_PRIVATE_KEY_PEM } from '../demo-telnyx-key.js';
import type { DemoCredentials } from '../stack.js';
import { dialpadSigner } from './dialpad.signer.js';
import { genericSigner } from './generic.signer.js';
import { ringCentralSigner } from './ringcentral.signer.js';
import type { Callback, SignedCallback, Signer } from './signer.js';
import { telnyxSigner } from './telnyx.signer.js';
import { twilioSigner } from './twilio.signer.js';
import { vonageSigner } from './vonage.signer.js';
import { zoomSigner } from './zoom.signer.js';

export { deliver, type Callback, type SignedCallback, type Signer } from './signer.js';
export { twilioForm, twilioJsonSigner } from './twilio.signer.js';

/** Every provider's signer, by name: a provider named without one does not compile. */
export const SIGNERS: Readonly<Record<Provider, Signer>> = {
  twilio: twilioSigner,
  telnyx: telnyxSigner,
  ringcentral: ringCentralSigner,
  zoom: zoomSigner,
  dialpad: dialpadSigner,
  vonage: vonageSigner,
  generic: genericSigner,
};

/** Signs `callback` as `provider` does, with `secret` (see {@link Signer.sign}). */
export const sign = (provider: Provider, secret: string, callback: Callback): SignedCallback => SIGNERS[provider].sign(secret, callback);

/** What each provider signs the demo tenant's callbacks with: its credentials, and for Telnyx the published private key. */
export const demoSigningSecrets = (demo: DemoCredentials): Readonly<Record<Provider, string>> => ({
  twilio: demo.twilioAuthToken,
  telnyx: DEMO_TELNYX_PRIVATE_KEY_PEM,
  ringcentral: demo.ringcentralToken,
  zoom: demo.zoomSecret,
  dialpad: demo.dialpadSecret,
  vonage: demo.vonageSecret,
  generic: demo.webhookSecret,
});
