// Wiring lands with the spine; this file exists so the CDK app has an entry to bundle.
export const handler = (): Promise<never> => Promise.reject(new Error('not wired yet'));
