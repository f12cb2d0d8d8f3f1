import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('npm run demo', () => {
  it('logs a call with its time entry, an SMS, a Telnyx fax with its document, a voicemail, and shows a skipped event with its reason', async () => {
    // Act
    const { stdout } = await run('node_modules/.bin/tsx', ['local/demo.ts'], {
      env: { ...process.env, POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'WARN' },
      // Short of the test's own time, so a demo that hangs fails with what it printed.
      timeout: 100_000,
    });
    // Assess (execFile rejects on a non-zero exit)
    const rows = stdout.split('\n').filter((line) => line.startsWith('│ ') && !line.includes('(index)'));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatch(/'logged'.*contact 1001, matter 902, user 345, communication \d+, time entry \d+.*Inbound call from Jane Smith/);
    expect(rows[1]).toMatch(/'logged'.*created contact \d+.*Missed call from Maria Garcia/);
    expect(rows[2]).toMatch(/'logged'.*contact 1002.*SMS from Robert Chen/);
    expect(rows[3]).toMatch(/Telnyx fax.*'logged'.*document \d+.*Fax from Jane Smith/);
    expect(rows[4]).toMatch(/'logged'.*contact 1002.*Voicemail from Robert Chen/);
    expect(rows[5]).toMatch(/'skipped'.*'internal_call'/);
  }, 120_000);
});
