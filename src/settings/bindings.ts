import { parseSettingsText, SettingsError } from './parse.ts';
import type { Settings } from './schema.ts';

/**
 * Where a Worker's settings come from: the whole settings.toml as text in one variable or secret,
 * and secrets that override single keys (so they can stay out of the TOML). The secret names are
 * the BARERTC_* environment variables the other runtimes already read for the database.
 */
export interface SettingsBindings {
  /** settings.toml's text (a `vars` entry in wrangler.jsonc, or a secret). */
  SETTINGS_TOML?: string;
  /** Overrides `AdminAPIKey`. */
  BARERTC_ADMIN_API_KEY?: string;
  /** Overrides `JWT.SecretKey`. */
  BARERTC_JWT_SECRET_KEY?: string;
  /** Override `DirectMessageHistory.DatabaseURL` / `AuthToken`. */
  BARERTC_DATABASE_URL?: string;
  BARERTC_DATABASE_AUTH_TOKEN?: string;
}

/** The binding named in messages about the settings text. */
export const SETTINGS_BINDING = 'SETTINGS_TOML';

export interface BoundSettings {
  settings: Settings;
  /** Log lines: unknown keys, overrides applied, keys a Worker cannot fill in itself. */
  notes: string[];
}

/**
 * Settings from Worker bindings: the same schema and errors as the file (a broken text throws a
 * SettingsError naming SETTINGS_TOML and the key), then the secret overrides. Nothing is written
 * back: a Worker has no file to complete, so a missing AdminAPIKey stays empty (the admin API then
 * refuses every key) and is reported in the notes.
 */
export function settingsFromBindings(env: SettingsBindings): BoundSettings {
  const text = env.SETTINGS_TOML;
  if (text !== undefined && typeof text !== 'string') {
    throw new SettingsError(`${SETTINGS_BINDING}: expected the text of settings.toml, got ${typeof text}`);
  }
  const { settings, notes } = parseSettingsText(text ?? '', SETTINGS_BINDING);
  const overrides: [keyof SettingsBindings, string, (value: string) => void][] = [
    ['BARERTC_ADMIN_API_KEY', 'AdminAPIKey', (value) => (settings.AdminAPIKey = value)],
    ['BARERTC_JWT_SECRET_KEY', 'JWT.SecretKey', (value) => (settings.JWT.SecretKey = value)],
    ['BARERTC_DATABASE_URL', 'DirectMessageHistory.DatabaseURL', (value) => (settings.DirectMessageHistory.DatabaseURL = value)],
    [
      'BARERTC_DATABASE_AUTH_TOKEN',
      'DirectMessageHistory.AuthToken',
      (value) => (settings.DirectMessageHistory.AuthToken = value),
    ],
  ];
  for (const [name, key, apply] of overrides) {
    const value = env[name];
    if (typeof value !== 'string' || !value) continue;
    apply(value);
    notes.push(`${key} set from the ${name} secret`);
  }
  if (text === undefined) notes.push(`no ${SETTINGS_BINDING} binding: every setting has its default`);
  if (!settings.AdminAPIKey) {
    notes.push(
      `AdminAPIKey is empty: the admin API refuses every key until it is set in ${SETTINGS_BINDING} or BARERTC_ADMIN_API_KEY`,
    );
  }
  return { settings, notes };
}
