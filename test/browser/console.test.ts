import AxeBuilder from '@axe-core/playwright';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ClioClient } from '../../shared/adapters/clio/clio.client.js';
import { twilioCallParams } from '../../local/twilio-example.js';
import type { LocalStack } from '../../local/stack.js';
import { admin } from '../support/admin.js';
import { postTwilio, sid, startTestStack, waitForOutcome } from '../support/local-stack.js';
import { pollUntil, waitForStatus } from '../support/waits.js';

/** Where the README's pictures of the console come from: each page, as this run saw it. */
const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const BOOLEAN_SETTINGS = [
  'Call Logging',
  'SMS Logging',
  'Fax Logging',
  'Contact Creation',
  'Exclusive Contact Association',
  'Matter Association',
  'Time Entries',
  'Log Missed Calls',
  'Log Internal Calls',
];

describe('the admin console, in headless Chromium on the local stack', () => {
  let stack: LocalStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startTestStack({ phoneIndexSyncEveryMs: 0 });
    browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    await stack.stop();
  });

  const sessionCookie = async () => (await context.cookies(stack.url)).find((c) => c.name === 'cc_session');
  /** No serious or critical accessibility violation on the page as it stands. */
  const expectAccessible = async () => {
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  };
  const open = async (link: string) => {
    await page.getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: link, exact: true }).waitFor();
  };

  it('signs in with the admin key, into an HttpOnly, SameSite=Strict, expiring session cookie', async () => {
    // Act
    await page.goto(stack.url);
    await expectAccessible();
    await page.getByLabel('Admin key').fill(stack.demo.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clio', exact: true }).waitFor();
    // Assess
    const cookie = await sessionCookie();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', secure: false });
    expect((cookie?.expires ?? 0) * 1000).toBeGreaterThan(Date.now());
    await page.getByText('Alex Lawyer').waitFor();
    for (const name of ['Clio', 'Phone systems', 'Settings', 'User mappings', 'Activity'])
      expect(await page.getByRole('link', { name, exact: true }).count()).toBe(1);
    await expectAccessible();
    await page.screenshot({ path: `${SCREENSHOTS}clio.png`, fullPage: true });
  }, 60_000);

  it('syncs the phone index with Sync now, and says how far it got', async () => {
    // Act
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(/^Phone index synced: \d+ contacts read\.$/).waitFor();
    // Assess
    const sync = await admin(stack, 'GET', '/v1/tenants/demo/clio/sync', stack.demo.adminKey);
    expect(sync).toMatchObject({ status: 200, body: { status: 'complete' } });
    expect(await page.getByText('Never').count()).toBe(0);
  }, 60_000);

  it('refuses a change made with the session cookie but without its CSRF token', async () => {
    // Prepare
    const cookie = `cc_session=${(await sessionCookie())?.value ?? ''}`;
    const session = (await (await fetch(`${stack.url}/v1/session`, { headers: { cookie } })).json()) as { csrfToken: string };
    const patch = (headers: Record<string, string>) =>
      fetch(`${stack.url}/v1/tenants/demo/settings`, {
        method: 'PATCH',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: '{"smsLogging":true}',
      });
    // Act
    const without = await patch({});
    const wrong = await patch({ 'x-csrf-token': 'not-the-token' });
    const right = await patch({ 'x-csrf-token': session.csrfToken });
    // Assess
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({ error: { code: 'csrf_token_invalid' } });
    expect(wrong.status).toBe(403);
    expect(right.status).toBe(200);
  });

  it('turns on Exclusive Contact Association (and off Contact Creation), as the admin API then sees it', async () => {
    // Act
    await open('Settings');
    await page.getByRole('button', { name: 'Save', exact: true }).waitFor();
    for (const name of BOOLEAN_SETTINGS) expect(await page.getByRole('switch', { name, exact: true }).count()).toBe(1);
    await page.getByRole('switch', { name: 'Exclusive Contact Association', exact: true }).check();
    await page.getByRole('switch', { name: 'Contact Creation', exact: true }).uncheck();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved.').waitFor();
    // Assess
    const settings = await admin(stack, 'GET', '/v1/tenants/demo/settings', stack.demo.adminKey);
    expect(settings.body).toMatchObject({ exclusiveContactAssociation: true, contactCreation: false });
    await expectAccessible();
    await page.screenshot({ path: `${SCREENSHOTS}settings.png`, fullPage: true });
  }, 60_000);

  it('shows an error next to the field it concerns', async () => {
    // Act
    await page.getByLabel('Default Country').fill('ZZ');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // Assess
    const error = page.locator('#setting-defaultCountry-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('country');
    expect(await page.getByLabel('Default Country').getAttribute('aria-describedby')).toContain('setting-defaultCountry-error');
    await page.getByLabel('Default Country').fill('US');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved.').waitFor();
  }, 60_000);

  it('shows a logged call in Activity with its trace, and replays a skipped one once its contact is in Clio', async () => {
    // Prepare: a call from a client Clio knows, and one from a number it does not (skipped: exclusive association is on)
    const known = sid('CA');
    const unknown = sid('CA');
    await postTwilio(stack, twilioCallParams({ CallSid: known }));
    await postTwilio(stack, twilioCallParams({ CallSid: unknown, From: '+14155550177' }));
    expect(await waitForOutcome(stack, 'demo', `twilio:call:${known}`)).toMatchObject({ status: 'logged' });
    expect(await waitForOutcome(stack, 'demo', `twilio:call:${unknown}`)).toMatchObject({ status: 'skipped', reason: 'no_contact_exclusive' });
    // Act
    await open('Activity');
    const rows = page.locator('li.outcome');
    await rows.first().waitFor();
    const logged = rows.filter({ hasText: '+1 415-555-0100' });
    await logged.locator('summary').click();
    const skipped = rows.filter({ hasText: '+1 415-555-0177' });
    await skipped.locator('summary').click();
    // Assess: newest first, each with who, kind, direction and status, and its trace in sentences
    expect(await rows.count()).toBe(2);
    expect(await rows.first().locator('summary').textContent()).toContain('+1 415-555-0177');
    expect(await logged.locator('summary').textContent()).toMatch(/call.*inbound.*logged/);
    expect(await logged.getByText(/^Logged in Clio as communication \d+/).count()).toBe(1);
    expect(await logged.getByRole('link', { name: /Communication \d+ in Clio/ }).count()).toBe(1);
    expect(await skipped.getByText('Skipped: no contact matched +1 415-555-0177 and Exclusive Contact Association is on').count()).toBe(1);
    await expectAccessible();
    await page.screenshot({ path: `${SCREENSHOTS}activity.png`, fullPage: true });

    // Act: the firm adds the caller in Clio, then replays the event
    await new ClioClient({ baseUrl: stack.clioUrl, accessToken: stack.demo.clioAccessToken }).post(
      'contacts.json',
      {},
      { type: 'Person', first_name: 'Dana', last_name: 'Reyes', phone_numbers: [{ name: 'Mobile', number: '+1 415-555-0177', default_number: true }] },
    );
    await skipped.getByRole('button', { name: 'Replay' }).click();
    await page.getByText('Replay queued').waitFor();
    // Assess
    const outcome = await waitForStatus(stack, 'demo', `twilio:call:${unknown}`, 'logged');
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: expect.any(Number) as number } });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await rows.filter({ hasText: '+1 415-555-0177' }).filter({ hasText: 'logged' }).waitFor();
  }, 120_000);

  it('copies a webhook URL', async () => {
    // Act
    await open('Phone systems');
    // Read from the page, not polled in it: the console's CSP lets no string be evaluated there
    const shown = await pollUntil(
      () => page.locator('#url-twilio').inputValue(),
      (value) => value.startsWith('http'),
    );
    expect(shown).toBe(`${stack.url}/v1/tenants/demo/webhooks/twilio`);
    await page.getByRole('button', { name: 'Copy the Twilio webhook URL' }).click();
    // Assess: once the page says so (the clipboard is written asynchronously)
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(`${stack.url}/v1/tenants/demo/webhooks/twilio`);
    await expectAccessible();
    await page.screenshot({ path: `${SCREENSHOTS}phone-systems.png`, fullPage: true });
  }, 60_000);

  it("maps a phone user to a Clio user picked from the firm's list", async () => {
    // Act
    await open('User mappings');
    await page.getByRole('button', { name: 'Add a mapping' }).click();
    await page.getByLabel('Phone user 1', { exact: true }).fill('101');
    await page.getByLabel('Clio user for phone user 1').selectOption({ label: 'Alex Lawyer (alex@firm.example)' });
    await page.getByRole('button', { name: 'Save mappings' }).click();
    await page.getByText('Saved 1 mapping(s).').waitFor();
    // Assess
    expect((await admin(stack, 'GET', '/v1/tenants/demo/settings', stack.demo.adminKey)).body).toMatchObject({ userMappings: { 101: 345 } });
    await expectAccessible();
    await page.screenshot({ path: `${SCREENSHOTS}user-mappings.png`, fullPage: true });
  }, 60_000);

  it('works on a phone screen with the keyboard alone', async () => {
    // Act
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.url}/#/settings`);
    await page.getByRole('heading', { level: 1, name: 'Settings', exact: true }).waitFor();
    const switchName = 'Log Internal Calls';
    const control = page.getByRole('switch', { name: switchName, exact: true });
    await control.focus();
    await page.keyboard.press('Space');
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    // Assess: no sideways scrolling; the switch answered the keyboard
    expect(width).toBeLessThanOrEqual(390);
    expect(await control.isChecked()).toBe(true);
    await page.keyboard.press('Space');
    await page.setViewportSize({ width: 1100, height: 900 });
  }, 60_000);

  it('connects Clio through the consent page in this browser, the flow bound to it by its cookie', async () => {
    // Act
    await open('Clio');
    await page.getByRole('button', { name: 'Connect Clio' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clio is connected' }).waitFor();
    // Assess: the binding cookie was set for the flow, and the callback cleared it once used
    expect((await context.cookies(stack.url)).some((c) => c.name === 'cc_oauth')).toBe(false);
    expect((await stack.adapters.tenants.get('demo'))?.connection).toMatchObject({ status: 'connected', clioUserId: 345 });
    await page.goto(`${stack.url}/#/clio`);
    await page.getByText('Alex Lawyer').waitFor();
  }, 60_000);

  it('signs out, and the cookie no longer works on the server either', async () => {
    // Prepare
    const cookie = `cc_session=${(await sessionCookie())?.value ?? ''}`;
    // Act
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin key').waitFor();
    const after = await fetch(`${stack.url}/v1/session`, { headers: { cookie } });
    // Assess
    expect(after.status).toBe(401);
    expect(await sessionCookie()).toBeUndefined();
  }, 60_000);
});
