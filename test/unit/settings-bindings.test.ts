import { describe, expect, it } from 'vitest';
import { settingsFromBindings } from '../../src/settings/bindings.ts';
import { SettingsError } from '../../src/settings/parse.ts';

describe('settings from Worker bindings', () => {
  it('reads the TOML text with the same schema and defaults as the file', () => {
    const { settings, notes } = settingsFromBindings({
      SETTINGS_TOML: 'Title = "Edge Chat"\nAdminAPIKey = "k"\nTypo = 1\n[JWT]\nEnabled = true\n',
    });
    expect(settings.Title).toBe('Edge Chat');
    expect(settings.JWT).toEqual({ Enabled: true, Strict: true, SecretKey: '', LandingPageURL: '' });
    expect(settings.PublicChannels.map((c) => c.ID)).toEqual(['lobby', 'offtopic', 'vip']);
    expect(notes).toContain('SETTINGS_TOML: ignoring unknown key Typo');
  });

  it('lets secrets override the API key, the JWT secret and the database', () => {
    const { settings, notes } = settingsFromBindings({
      SETTINGS_TOML: 'AdminAPIKey = "from-toml"\n[JWT]\nSecretKey = "toml-secret"\n',
      BARERTC_ADMIN_API_KEY: 'from-secret',
      BARERTC_JWT_SECRET_KEY: 'jwt-secret',
      BARERTC_DATABASE_URL: 'libsql://db.example',
      BARERTC_DATABASE_AUTH_TOKEN: 'token',
    });
    expect(settings.AdminAPIKey).toBe('from-secret');
    expect(settings.JWT.SecretKey).toBe('jwt-secret');
    expect(settings.DirectMessageHistory.DatabaseURL).toBe('libsql://db.example');
    expect(settings.DirectMessageHistory.AuthToken).toBe('token');
    expect(notes).toContain('AdminAPIKey set from the BARERTC_ADMIN_API_KEY secret');
  });

  it('names the binding, line and key of a broken text, as the file loader does for the file', () => {
    expect(() => settingsFromBindings({ SETTINGS_TOML: '[JWT]\nEnabled = 3\n' })).toThrow(
      new SettingsError('SETTINGS_TOML: invalid settings:\n  JWT.Enabled: expected boolean, got 3'),
    );
    expect(() => settingsFromBindings({ SETTINGS_TOML: 'Title = \n' })).toThrow(/^SETTINGS_TOML:1:\d+: .*\(not valid TOML\)$/);
  });

  it('runs on defaults without a binding, and says the admin API is closed without a key', () => {
    const { settings, notes } = settingsFromBindings({});
    expect(settings.AdminAPIKey).toBe('');
    expect(notes.join('\n')).toMatch(/no SETTINGS_TOML binding/);
    expect(notes.join('\n')).toMatch(/AdminAPIKey is empty/);
  });
});
