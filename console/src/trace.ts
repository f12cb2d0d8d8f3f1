/** An outcome's decision trace in plain sentences. */

export interface TraceEntry {
  readonly step: string;
  readonly decision: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface OutcomeSummary {
  readonly eventId: string;
  readonly provider: string;
  readonly kind: string;
  readonly direction: string;
  readonly status: 'logged' | 'skipped' | 'failed' | 'parked';
  readonly reason?: string;
  readonly message?: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly clio: Readonly<Record<string, number | undefined>>;
  readonly trace: readonly TraceEntry[];
}

/** `+14155550177` as `+1 415-555-0177`; other numbers as they are. */
export const formatPhone = (e164: unknown): string => {
  if (typeof e164 !== 'string') return 'the number';
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}` : e164;
};

const numberOf = (outcome: OutcomeSummary): string => {
  const step = outcome.trace.find((t) => t.step === 'number');
  return formatPhone(step?.detail?.e164 ?? step?.detail?.raw);
};

const SKIPS: Readonly<Record<string, (o: OutcomeSummary) => string>> = {
  no_contact_exclusive: (o) => `no contact matched ${numberOf(o)} and Exclusive Contact Association is on`,
  'logging_disabled:call': () => 'Call Logging is off',
  'logging_disabled:voicemail': () => 'Call Logging is off (it covers voicemails)',
  'logging_disabled:sms': () => 'SMS Logging is off',
  'logging_disabled:fax': () => 'Fax Logging is off',
  internal_call: () => 'an internal call, and Log Internal Calls is off',
  missed_call: () => 'a missed call, and Log Missed Calls is off',
  blocked_number: (o) => `${numberOf(o)} is one of the Blocked Numbers`,
  logged_by_its_message: () => 'its voicemail or fax is logged as a message of its own',
  message_unreadable: () => 'the message could not be read from the phone system',
  unrecognised_value: () => 'the phone system sent a value we do not know',
  amended_event_not_logged: () => 'the call it completes was not logged',
};

/** One line that says what happened and why. */
export const headline = (o: OutcomeSummary): string => {
  switch (o.status) {
    case 'logged':
      return `Logged in Clio${o.clio.communicationId ? ` as communication ${o.clio.communicationId}` : ''}`;
    case 'skipped':
      return `Skipped: ${(o.reason && SKIPS[o.reason]?.(o)) ?? o.reason ?? 'no reason recorded'}`;
    case 'parked':
      return o.reason === 'tenant_not_connected' ? 'Parked: Clio is not connected; replay it once it is' : `Parked: ${o.message ?? o.reason ?? ''}`;
    case 'failed':
      return `Failed: ${o.message ?? o.reason ?? 'no message recorded'}`;
  }
};

/** A trace detail as text: numbers and strings as they are, anything else left out. */
const text = (value: unknown, fallback = ''): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : fallback);

const SENTENCES: Readonly<Record<string, (d: Readonly<Record<string, unknown>>, decision: string) => string>> = {
  assembly: (d) => `Put together from ${text(d.callbacks, 'its')} callback(s) of the phone system.`,
  number: (d, decision) => (decision === 'normalised' ? `The other party's number is ${formatPhone(d.e164)}.` : "The other party's number could not be read."),
  kind_gate: (_d, decision) => (decision === 'pass' ? 'Logging is on for this kind of event.' : `Not logged because of the settings (${decision}).`),
  exclusive_gate: (_d, decision) =>
    ({ pass: 'A contact was found, as Exclusive Contact Association requires.', off: 'Exclusive Contact Association is off.' })[decision] ??
    'No contact was found and Exclusive Contact Association is on, so it was skipped.',
  contact_match: (d, decision) =>
    ({
      matched: `Matched contact ${text(d.chosen)}.`.replace(' .', '.'),
      matched_several: 'Several contacts have this number; the first was used.',
      none: 'No contact has this number.',
      stale_index_entry: 'The phone index pointed at a contact Clio no longer has.',
    })[decision] ?? `Contact lookup: ${decision}.`,
  contact_creation: (d, decision) =>
    ({
      off: 'Contact Creation is off, so no contact was created.',
      never_for_fax: 'Contacts are never created for faxes.',
      no_valid_number: 'No contact was created: the number is not valid.',
      created: `Created contact ${text(d.name ?? d.contactId)}.`,
    })[decision] ?? `Contact creation: ${decision}.`,
  matter: (d, decision) =>
    ({
      off: 'Matter Association is off.',
      no_contact: 'No matter was looked for: there is no contact.',
      new_contact: 'A new contact has no matters yet.',
      chosen: `Linked to matter ${text(d.matterId)}.`,
      ambiguous: 'Several open matters fit, so none was linked.',
      none: 'The contact has no open matter.',
    })[decision] ?? `Matter: ${decision}.`,
  user: (d, decision) =>
    decision === 'mapped' ? `Logged for Clio user ${text(d.userId)} (mapped from ${text(d.key)}).` : `Logged for the connected Clio user ${text(d.userId)}.`,
  communication: (d, decision) =>
    decision === 'created' ? `Wrote the communication "${text(d.subject)}" in Clio.` : 'The communication was already in Clio from an earlier attempt.',
  time_entry: (d, decision) =>
    decision === 'created' ? `Added a time entry of ${text(d.seconds, '?')} seconds.` : `No time entry (${decision.replaceAll('_', ' ')}).`,
  error: (d, decision) => `Stopped with error ${decision}: ${text(d.message)}`,
  tenant: () => 'The firm is unknown.',
};

export const traceSentences = (trace: readonly TraceEntry[]): string[] =>
  trace.map((t) => SENTENCES[t.step]?.(t.detail ?? {}, t.decision) ?? `${t.step.replaceAll('_', ' ')}: ${t.decision.replaceAll('_', ' ')}.`);
