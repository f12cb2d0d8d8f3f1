import { isSupportedCountry } from 'libphonenumber-js';
import * as z from 'zod';

/** Per-tenant settings (docs/product.md#settings). Strict: an unknown key is an error, never silently kept. */
export const settingsSchema = z.strictObject({
  callLogging: z.boolean(),
  smsLogging: z.boolean(),
  faxLogging: z.boolean(),
  contactCreation: z.boolean(),
  exclusiveContactAssociation: z.boolean(),
  matterAssociation: z.boolean(),
  matterSelection: z.enum(['single-open', 'most-recent-open']),
  timeEntries: z.boolean(),
  timeEntryMinSeconds: z.number().int().min(0),
  timeEntriesBillable: z.boolean(),
  logMissedCalls: z.boolean(),
  logInternalCalls: z.boolean(),
  /** Call recordings and voicemail audio filed in Clio as documents (matter, else contact), linked from the log. */
  attachRecordings: z.boolean(),
  defaultCountry: z.string().refine(isSupportedCountry, 'must be an ISO 3166-1 alpha-2 country code'),
  /** Phone-system user (extension, e-mail, DID or provider user id) → Clio user id. */
  userMappings: z
    .record(
      // A key named like an object's own machinery (`constructor`, `toString`, `__proto__`) would be taken for it by
      // whatever reads the map next: refused, as no phone system names a user so.
      z
        .string()
        .min(1)
        .max(256)
        .refine((key) => !(key in Object.prototype), 'must not be the name of an object property such as constructor or toString'),
      z.number().int().positive(),
    )
    .refine((mappings) => Object.keys(mappings).length <= 1_000, 'at most 1,000 mappings'),
  blockedNumbers: z.array(z.string().min(1)),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  callLogging: true,
  smsLogging: true,
  faxLogging: true,
  contactCreation: true,
  exclusiveContactAssociation: false,
  matterAssociation: true,
  matterSelection: 'single-open',
  timeEntries: true,
  timeEntryMinSeconds: 1,
  timeEntriesBillable: false,
  logMissedCalls: true,
  logInternalCalls: false,
  attachRecordings: false,
  defaultCountry: 'US',
  userMappings: {},
  blockedNumbers: [],
});

/** A partial update, validated as a whole before anything is applied. */
export const settingsPatchSchema = settingsSchema.partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Stored overrides merged over the defaults. */
export const mergeSettings = (overrides: SettingsPatch): Settings => ({ ...DEFAULT_SETTINGS, ...overrides });
