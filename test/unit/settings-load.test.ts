import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../src/settings/load.ts';
import { SETTINGS_VERSION } from '../../src/settings/schema.ts';

const tempFile = async () => join(await mkdtemp(join(tmpdir(), 'settings-')), 'settings.toml');

describe('settings.toml', () => {
  it('is created with defaults and a random AdminAPIKey that is kept on the next start', async () => {
    const path = await tempFile();
    const first = await loadSettings(path);
    expect(first.notes.join()).toContain('wrote a new settings file');
    expect(first.settings.AdminAPIKey).toMatch(/^[0-9a-f-]{36}$/);
    const onDisk = parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect(onDisk['Version']).toBe(SETTINGS_VERSION);
    expect(onDisk['AdminAPIKey']).toBe(first.settings.AdminAPIKey);
    const second = await loadSettings(path);
    expect(second.settings.AdminAPIKey).toBe(first.settings.AdminAPIKey);
    expect(second.notes).toEqual([]);
    expect(second.settings.PublicChannels.map((c) => c.ID)).toEqual(['lobby', 'offtopic', 'vip']);
  });

  it('upgrades an older file: missing keys get defaults, the user values stay', async () => {
    const path = await tempFile();
    await writeFile(
      path,
      'Version = 7\nTitle = "My Chat"\nAdminAPIKey = "keep-me"\n[JWT]\nEnabled = true\n[[PublicChannels]]\nID = "main"\nName = "Main"\n',
    );
    const { settings, notes } = await loadSettings(path);
    expect(notes.join()).toContain('upgraded from version 7');
    expect(settings.Title).toBe('My Chat');
    expect(settings.JWT).toEqual({ Enabled: true, Strict: true, SecretKey: '', LandingPageURL: '' });
    expect(settings.PublicChannels).toHaveLength(1);
    const rewritten = parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect(rewritten['Version']).toBe(SETTINGS_VERSION);
    expect(rewritten['Title']).toBe('My Chat');
    expect(rewritten['AdminAPIKey']).toBe('keep-me');
    expect(rewritten['WebSocketReadLimit']).toBe(41943040);
    expect((rewritten['PublicChannels'] as unknown[])[0]).toMatchObject({ ID: 'main', Name: 'Main', EchoMessagesOnJoin: 0 });
  });

  it('names the line of broken TOML', async () => {
    const path = await tempFile();
    await writeFile(path, 'Title = "ok"\nPermitNSFW = \n');
    const err = await loadSettings(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettingsError);
    expect((err as Error).message).toMatch(new RegExp(`${path}:2:\\d+: .*not valid TOML`));
  });

  it('names the key and the expected type of a wrong value', async () => {
    const path = await tempFile();
    await writeFile(
      path,
      `Version = ${SETTINGS_VERSION}\nAdminAPIKey = "k"\n[JWT]\nEnabled = "yes"\n[[PublicChannels]]\nID = "a"\nEchoMessagesOnJoin = 1.5\n`,
    );
    const err = (await loadSettings(path).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(SettingsError);
    expect(err.message).toContain('JWT.Enabled: expected boolean, got "yes"');
    expect(err.message).toContain('PublicChannels.0.EchoMessagesOnJoin');
  });

  it('warns about unknown keys instead of ignoring typos silently', async () => {
    const path = await tempFile();
    await writeFile(path, `Version = ${SETTINGS_VERSION}\nAdminAPIKey = "k"\nTitel = "typo"\n[JWT]\nSecret = "x"\n`);
    const { notes } = await loadSettings(path);
    expect(notes).toEqual([`${path}: ignoring unknown key Titel`, `${path}: ignoring unknown key JWT.Secret`]);
  });
});

describe('settings.toml.example', () => {
  it('parses and documents every key the server reads', async () => {
    const { parseSettings } = await import('../../src/settings/load.ts');
    const { defaultSettings } = await import('../../src/settings/schema.ts');
    const text = await readFile(new URL('../../settings.toml.example', import.meta.url), 'utf8');
    const example = parse(text) as Record<string, unknown>;
    expect(() => parseSettings(example, 'settings.toml.example')).not.toThrow();
    const missing: string[] = [];
    const walk = (defaults: Record<string, unknown>, given: Record<string, unknown>, prefix: string) => {
      for (const [key, value] of Object.entries(defaults)) {
        if (!(key in given)) missing.push(prefix + key);
        const inner = Array.isArray(value) ? value[0] : value;
        const innerGiven = Array.isArray(given[key]) ? (given[key] as unknown[])[0] : given[key];
        if (inner && typeof inner === 'object' && innerGiven && typeof innerGiven === 'object') {
          walk(inner as Record<string, unknown>, innerGiven as Record<string, unknown>, `${prefix}${key}.`);
        }
      }
    };
    walk(defaultSettings() as unknown as Record<string, unknown>, example, '');
    expect(missing).toEqual([]);
  });
});
