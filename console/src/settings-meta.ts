/** Every setting of the product, as a firm's admin reads it: its name, what it does, when to use it, its default. */

export type SettingKey =
  | 'callLogging'
  | 'smsLogging'
  | 'faxLogging'
  | 'contactCreation'
  | 'exclusiveContactAssociation'
  | 'matterAssociation'
  | 'matterSelection'
  | 'timeEntries'
  | 'timeEntryMinSeconds'
  | 'timeEntriesBillable'
  | 'logMissedCalls'
  | 'logInternalCalls'
  | 'attachRecordings'
  | 'defaultCountry'
  | 'blockedNumbers';

export interface SettingMeta {
  readonly key: SettingKey;
  readonly label: string;
  readonly type: 'boolean' | 'number' | 'text' | 'choice' | 'lines';
  readonly help: string;
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
}

export const SETTING_GROUPS: readonly { readonly title: string; readonly settings: readonly SettingMeta[] }[] = [
  {
    title: 'What is logged',
    settings: [
      {
        key: 'callLogging',
        label: 'Call Logging',
        type: 'boolean',
        help: 'Logs every call and voicemail in Clio. Turn it off if the firm logs calls some other way. On by default.',
      },
      {
        key: 'smsLogging',
        label: 'SMS Logging',
        type: 'boolean',
        help: 'Logs text messages (SMS and MMS) in Clio. Turn it off if texts must stay out of Clio. On by default.',
      },
      { key: 'faxLogging', label: 'Fax Logging', type: 'boolean', help: 'Logs faxes and files the fax PDF as a Clio document. On by default.' },
      {
        key: 'logMissedCalls',
        label: 'Log Missed Calls',
        type: 'boolean',
        help: 'Logs calls nobody answered ("Missed call from …"). Turn it off if missed calls are noise for the firm. On by default.',
      },
      {
        key: 'logInternalCalls',
        label: 'Log Internal Calls',
        type: 'boolean',
        help: "Logs calls between two of the firm's own extensions. They have no client on the line, so this is off by default.",
      },
      {
        key: 'attachRecordings',
        label: 'Attach Recordings',
        type: 'boolean',
        help: 'Files call recordings and voicemail audio in Clio as documents (under the matter, else the contact). Off by default.',
      },
      {
        key: 'blockedNumbers',
        label: 'Blocked Numbers',
        type: 'lines',
        help: "Numbers that are never logged, one per line: the firm's own fax line, known spam. Empty by default.",
      },
    ],
  },
  {
    title: 'Contacts and matters',
    settings: [
      {
        key: 'contactCreation',
        label: 'Contact Creation',
        type: 'boolean',
        help: "When no Clio contact has the caller's number, creates one from what the phone system knows. Never for faxes. On by default.",
      },
      {
        key: 'exclusiveContactAssociation',
        label: 'Exclusive Contact Association',
        type: 'boolean',
        help: 'Logs an event only when it could be linked to a contact (found or created); anything else is skipped. Use it to keep unknown callers out of Clio. Off by default.',
      },
      {
        key: 'matterAssociation',
        label: 'Matter Association',
        type: 'boolean',
        help: 'Once a contact is found, looks for one of its matters to link the log to. On by default.',
      },
      {
        key: 'matterSelection',
        label: 'Matter Selection',
        type: 'choice',
        help: 'Which matter is linked: only when the contact has exactly one open or pending matter, or the one updated most recently. "Only one open matter" by default.',
        choices: [
          { value: 'single-open', label: 'Only one open matter' },
          { value: 'most-recent-open', label: 'Most recently updated open matter' },
        ],
      },
      {
        key: 'defaultCountry',
        label: 'Default Country',
        type: 'text',
        help: 'The country (two letters, such as US or GB) of numbers the phone system sends without a country code. US by default.',
      },
    ],
  },
  {
    title: 'Time entries',
    settings: [
      {
        key: 'timeEntries',
        label: 'Time Entries',
        type: 'boolean',
        help: 'Adds a time entry for the talk time of each logged call (never for texts). On by default.',
      },
      {
        key: 'timeEntryMinSeconds',
        label: 'Shortest Call With a Time Entry (seconds)',
        type: 'number',
        help: 'Calls shorter than this get no time entry; missed and zero-length calls never do. 1 second by default.',
      },
      {
        key: 'timeEntriesBillable',
        label: 'Billable Time Entries',
        type: 'boolean',
        help: 'Marks the time entries as billable. Off by default: they are non-billable until a lawyer reviews them.',
      },
    ],
  },
];

export const labelOf = (key: string): string => SETTING_GROUPS.flatMap((g) => g.settings).find((s) => s.key === key)?.label ?? key;
