// `npm start`: the whole product on this machine, with the demo tenant, until Ctrl-C.
import { settleSecondsOf } from '../shared/config/wiring.js';
import { clioAppFromEnv, DEMO_TENANT_ID, demoCredentialsFromEnv, LOCAL_CALL_SETTLE_SECONDS, startLocalStack } from './stack.js';
import { twilioCurl, twilioDialParams } from './twilio-example.js';

const port = Number(process.env.PORT ?? 3000);
const stack = await startLocalStack({
  port,
  dataDir: process.env.DATA_DIR ?? '.data',
  demo: demoCredentialsFromEnv(),
  clioApp: clioAppFromEnv(),
  // A call that only a status callback describes waits this long for its Dial result before it is logged.
  callSettleSeconds: settleSecondsOf(process.env.CALL_SETTLE_SECONDS ?? String(LOCAL_CALL_SETTLE_SECONDS)),
  ...(process.env.PUBLIC_BASE_URL ? { publicBaseUrl: process.env.PUBLIC_BASE_URL } : {}),
  ...(process.env.CLIO_BASE_URL ? { clioBaseUrl: process.env.CLIO_BASE_URL } : {}),
  ...(process.env.CLIO_BASE_URL ? {} : { clioSim: { port: Number(process.env.CLIO_SIM_PORT ?? 4010) } }),
});

const webhookUrl = `${stack.config.publicBaseUrl}/v1/tenants/${DEMO_TENANT_ID}/webhooks/twilio`;
console.log(`
Call Connector for Clio — local stack ready
  Admin console:  ${stack.url}/  (sign in with the demo firm's admin key: DEMO_ADMIN_KEY, by default demo-admin-key)
  API (ingest):   ${stack.url}
  Twilio webhook: ${webhookUrl}
  Clio:           ${stack.clioUrl}${stack.clioSim ? ` (simulator; see what was logged: curl ${stack.clioUrl}/__sim/state)` : ''}
  Data:           ${process.env.DATA_DIR ?? '.data'}/

A signed Twilio <Dial action> callback: a call a lawyer answered and talked on for 119 s (a new CallSid each start):

${twilioCurl(stack.demo.twilioAuthToken, webhookUrl, twilioDialParams())}

Ctrl-C stops everything.
`);

const shutdown = (): void => {
  console.log('Stopping…');
  stack.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
