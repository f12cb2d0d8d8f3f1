import type { HttpResponse } from '../domain/http-response.js';
import { STATE_TTL_SECONDS } from '../domain/oauth-state.js';
import { CONFIRM_PATH, type Binding, type FlowPage, type FlowStep } from '../use-cases/clio-connection.js';
import { CONTENT_SECURITY_POLICY, securityHeaders } from './console-assets.js';
import { clearCookie, OAUTH_COOKIE, setCookie } from './cookies.js';

const PAGE_STATUS: Readonly<Record<FlowPage['outcome'], number>> = { done: 200, invalid: 400, forbidden: 403, confirm: 409, unavailable: 503 };

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The binding cookie: Lax, not Strict, as the browser comes back to the callback from Clio's site. */
const bindingCookie = (publicBaseUrl: string, binding: Binding): string =>
  binding === 'clear'
    ? clearCookie(OAUTH_COOKIE, publicBaseUrl, 'Lax')
    : setCookie(OAUTH_COOKIE, binding.set, publicBaseUrl, { maxAgeSeconds: STATE_TTL_SECONDS, sameSite: 'Lax' });

/** What a person sees in the browser at the end of Clio's consent page: a page of our own origin, never cached. */
const renderPage = (publicBaseUrl: string, page: FlowPage): HttpResponse => {
  const { confirm } = page;
  const form =
    confirm === undefined
      ? ''
      : `<form method="post" action="${CONFIRM_PATH}"><input type="hidden" name="token" value="${escape(confirm.token)}"><button type="submit">Replace with ${escape(confirm.replaceWith)}</button></form><p>Or close this page to keep ${escape(confirm.keep)}.</p>`;
  return {
    statusCode: PAGE_STATUS[page.outcome],
    headers: {
      ...securityHeaders(publicBaseUrl),
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...(page.binding === undefined ? {} : { 'set-cookie': bindingCookie(publicBaseUrl, page.binding) }),
      // Browsers hold a form's redirects to form-action too: the confirmation's answer goes on to Clio.
      ...(confirm === undefined
        ? {}
        : { 'content-security-policy': CONTENT_SECURITY_POLICY.replace("form-action 'self'", `form-action 'self' ${confirm.redirectsTo}`) }),
    },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(page.title)}</title></head><body><main><h1>${escape(page.title)}</h1><p>${escape(page.message)}</p>${form}</main></body></html>`,
  };
};

/** A flow's binding cookie to set, as the console's `connect` answer carries it. */
export const setBinding = (publicBaseUrl: string, value: string): string => bindingCookie(publicBaseUrl, { set: value });

/** A step of the Clio connection flow in the browser: a page, or on to Clio (302 from a link, 303 from a form). */
export const flowResponse = (publicBaseUrl: string, step: FlowStep): HttpResponse =>
  step.type === 'page'
    ? renderPage(publicBaseUrl, step.page)
    : {
        statusCode: step.from === 'form' ? 303 : 302,
        headers: { location: step.location, 'cache-control': 'no-store', 'set-cookie': bindingCookie(publicBaseUrl, { set: step.binding }) },
        body: '',
      };
