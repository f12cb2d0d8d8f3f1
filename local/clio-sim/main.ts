/**
 * `npm run clio-sim`: the Clio simulator on `CLIO_SIM_PORT` (default 4010), seeded with the demo firm
 * from `local/fixtures/clio-demo.json`. Stops on SIGINT/SIGTERM.
 */
import { readFile } from 'node:fs/promises';
import { clioSimSeedSchema, startClioSimulator } from './server.js';

const fixture = new URL('../fixtures/clio-demo.json', import.meta.url);
const seed = clioSimSeedSchema.parse(JSON.parse(await readFile(fixture, 'utf8')));
const port = Number(process.env.CLIO_SIM_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`CLIO_SIM_PORT is not a port: ${process.env.CLIO_SIM_PORT}`);

const sim = await startClioSimulator({ port, host: process.env.CLIO_SIM_HOST ?? '127.0.0.1', seed });
console.log(`Clio simulator listening on ${sim.url} (API ${sim.url}/api/v4, control ${sim.url}/__sim/state)`);

let stopping = false;
const shutdown = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the Clio simulator`);
  sim.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Clio simulator did not stop cleanly', error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
