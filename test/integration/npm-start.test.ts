import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The stack's settle: the longest there is, so a call wrongly held until it settles never reaches Clio in the test's wait. */
const SETTLE_SECONDS = 300;
/** How long the test looks for the Communication: ample for one event on a loaded machine, well short of the settle. */
const OUTCOME_WAIT_MS = 60_000;

/** `npm start` as a person runs it: the printed curl, pasted into a shell, logs a call in the simulator. */
describe('npm start', () => {
  let child: ChildProcessWithoutNullStreams;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'call-connector-start-'));

  beforeAll(async () => {
    child = spawn('node_modules/.bin/tsx', ['local/start.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        CLIO_SIM_PORT: '0',
        DATA_DIR: dataDir,
        // The printed Dial result decides its call: it is logged at once, never held for the settle.
        CALL_SETTLE_SECONDS: String(SETTLE_SECONDS),
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
    });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    for (const deadline = Date.now() + 60_000; !output.includes('Ctrl-C stops everything');) {
      if (Date.now() >= deadline || child.exitCode !== null) throw new Error(`npm start did not get ready:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 90_000);
  afterAll(() => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints where its admin console is, and serves it there under a strict Content-Security-Policy', async () => {
    // Act
    const consoleUrl = /Admin console:\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '';
    const page = await fetch(consoleUrl);
    const script = await fetch(new URL('/console/app.js', consoleUrl));
    // Assess
    expect(consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/console/app.js"></script>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'; script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
  });

  it('prints a curl that puts a Communication into the simulator without waiting for the call to settle, and stops on Ctrl-C', async () => {
    // Prepare
    const curl = /^curl[\s\S]*?--data '[^']*'$/m.exec(output)?.[0];
    const clioUrl = /Clio:\s+(http:\/\/\S+)/.exec(output)?.[1];
    expect(curl).toBeDefined();
    expect(clioUrl).toBeDefined();
    // Act
    const { stdout } = await run('bash', ['-c', `${curl ?? ''} --silent`]);
    let communications: unknown[] = [];
    for (const deadline = Date.now() + OUTCOME_WAIT_MS; communications.length === 0 && Date.now() < deadline;) {
      communications = ((await (await fetch(`${clioUrl ?? ''}/__sim/state`)).json()) as { communications: unknown[] }).communications;
      if (communications.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGINT');
    const exitCode = await new Promise((resolve) => child.once('exit', resolve));
    // Assess
    expect(stdout).toContain('<Response/>');
    expect(communications).toEqual([expect.objectContaining({ subject: 'Inbound call from Jane Smith (+1 415-555-0100)' })]);
    expect(exitCode).toBe(0);
  }, 90_000);
});
