import { LIMITS, truncated } from './bounds.js';
import type { CanonicalEvent, EventStatus } from './canonical-event.js';
import { isMissedCall } from './gates.js';
import { displayNumber } from './phone.js';

/** A participant of a Clio Communication, as Clio's request body names it. */
export interface Participant {
  readonly id: number;
  readonly type: 'User' | 'Contact';
}

/** The name under which our event id is stored on every record we write (the idempotency key in Clio). */
export const EXTERNAL_ID_PROPERTY = 'call_connector_event_id';

/** The PhoneCommunication to write for an event. */
export interface CommunicationDraft {
  readonly subject: string;
  readonly body: string;
  readonly receivedAt: string;
  readonly senders: readonly Participant[];
  readonly receivers: readonly Participant[];
  readonly matterId?: number;
  readonly eventId: string;
}

export interface CommunicationParties {
  readonly eventId: string;
  /** The external party's Clio contact, when one was matched or created. */
  readonly contact?: { readonly id: number; readonly name: string };
  readonly userId: number;
  readonly matterId?: number;
  /** The external number in E.164, when it parsed. */
  readonly e164?: string;
  /** The fax PDF uploaded for this event. */
  readonly document?: { readonly id: number; readonly name: string };
}

const STATUS_LABEL: Record<EventStatus, string> = {
  completed: 'Completed',
  missed: 'Missed',
  no_answer: 'No answer',
  busy: 'Busy',
  rejected: 'Rejected',
  failed: 'Failed',
  canceled: 'Canceled',
  voicemail: 'Voicemail',
  received: 'Received',
  sent: 'Sent',
  delivered: 'Delivered',
  undelivered: 'Undelivered',
};

/** "h:mm:ss", as the body's Duration line shows it. */
export const formatDuration = (seconds: number): string => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
};

/** How the external party is named in subjects and file names: "Jane Smith (+1 415-555-0100)" or the number. */
export const externalLabel = (event: CanonicalEvent, parties: Pick<CommunicationParties, 'contact' | 'e164'>): string => {
  const number = parties.e164 ? displayNumber(parties.e164) : event.external.raw || 'an unknown number';
  return parties.contact ? `${parties.contact.name} (${number})` : number;
};

const subjectOf = (event: CanonicalEvent, who: string): string => {
  const inbound = event.direction !== 'outbound';
  switch (event.kind) {
    case 'voicemail':
      return `Voicemail from ${who}`;
    case 'sms':
      return inbound ? `SMS from ${who}` : `SMS to ${who}`;
    case 'fax':
      return inbound ? `Fax from ${who}` : `Fax to ${who}`;
    case 'call':
      if (inbound) return isMissedCall(event) ? `Missed call from ${who}` : `Inbound call from ${who}`;
      return event.status === 'completed' ? `Outbound call to ${who}` : `Outbound call to ${who} (${STATUS_LABEL[event.status].toLowerCase()})`;
  }
};

/** A logged Communication's body with the lines a late recording or transcript adds, within the body's bound. */
export const amendedBody = (body: string, lines: readonly string[]): string => truncated([body, ...lines].join('\n'), LIMITS.body);

/** The line that links a Communication to the document filed with it (a fax, a recording). */
export const documentLine = (document: { readonly id: number; readonly name: string }): string => `Document: ${document.name} (Clio document ${document.id})`;

/** The lines a late recording or transcript adds to a logged Communication's body. */
export const amendmentLines = (event: Pick<CanonicalEvent, 'recording' | 'transcript'>): string[] => [
  ...(event.recording ? [`Recording: ${event.recording.url}`] : []),
  ...(event.transcript ? [`Transcript: ${event.transcript}`] : []),
];

const bodyOf = (event: CanonicalEvent, who: string, document?: CommunicationParties['document']): string => {
  const firm = event.firm.e164 ? displayNumber(event.firm.e164) : (event.firm.extension ?? event.firm.userRef ?? 'the firm');
  const [from, to] = event.direction === 'outbound' ? [firm, who] : [who, firm];
  const lines = [
    `Direction: ${event.direction.charAt(0).toUpperCase()}${event.direction.slice(1)}`,
    `From: ${from}`,
    `To: ${to}`,
    `Status: ${STATUS_LABEL[event.status]}`,
  ];
  if (event.durationSeconds !== undefined) lines.push(`Duration: ${formatDuration(event.durationSeconds)}`);
  lines.push(`Started: ${event.startedAt ?? event.occurredAt}`);
  if (event.pageCount !== undefined) lines.push(`Pages: ${event.pageCount}`);
  if (document) lines.push(documentLine(document));
  lines.push(...amendmentLines(event));
  if (event.text !== undefined) lines.push('', event.text);
  for (const m of event.media) lines.push(`Attachment: ${m.url}`);
  return lines.join('\n');
};

/** Step 8: the Communication for an event, with the contact and user on the sides the direction gives. */
export const planCommunication = (event: CanonicalEvent, parties: CommunicationParties): CommunicationDraft => {
  const who = externalLabel(event, parties);
  const contact: Participant[] = parties.contact ? [{ id: parties.contact.id, type: 'Contact' }] : [];
  const user: Participant[] = [{ id: parties.userId, type: 'User' }];
  const outbound = event.direction === 'outbound';
  return {
    subject: truncated(subjectOf(event, who), LIMITS.subject),
    body: truncated(bodyOf(event, who, parties.document), LIMITS.body),
    receivedAt: event.startedAt ?? event.occurredAt,
    senders: outbound ? user : contact,
    receivers: outbound ? contact : user,
    eventId: parties.eventId,
    ...(parties.matterId === undefined ? {} : { matterId: parties.matterId }),
  };
};
