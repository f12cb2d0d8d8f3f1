/**
 * Bounds on every free text an event carries and on what we write to Clio (docs/delivery.md): an event and its
 * outcome always fit a queue message and a DynamoDB item, and what is cut says so where a person reads it.
 */
export const LIMITS = {
  /** SMS text (a concatenated SMS is at most 1,600 characters; MMS text and generic events may be longer). */
  text: 8_000,
  /** A call or voicemail transcript. */
  transcript: 8_000,
  /** Caller ID names, raw numbers, identities: short by nature. */
  label: 256,
  /** A Communication's subject, and the note of its time entry. */
  subject: 255,
  /** A Communication's body. */
  body: 20_000,
} as const;

/** The text, cut to `max` characters with a marker that says how much was left out. */
export const truncated = (value: string, max: number): string => {
  if (value.length <= max) return value;
  const marker = (cut: number) => ` … [${cut.toLocaleString('en-US')} more characters not kept]`;
  // The count may have fewer digits than the whole length: measure the marker again with it.
  const first = Math.max(0, max - marker(value.length).length);
  const keep = Math.max(0, max - marker(value.length - first).length);
  return `${value.slice(0, keep)}${marker(value.length - keep)}`;
};
