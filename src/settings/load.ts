import { readFile, rename, writeFile } from 'node:fs/promises';
import { stringify as stringifyToml } from 'smol-toml';
import { parseSettings, parseSettingsText, SettingsError } from './parse.ts';
import { SETTINGS_VERSION, type Settings } from './schema.ts';

export { parseSettings, SettingsError };

export interface LoadedSettings {
  settings: Settings;
  /** What happened to the file, for the start-up log. */
  notes: string[];
}

const HEADER =
  '# BareRTC settings. Every key is documented in settings.toml.example.\n' +
  '# This file is rewritten when a newer version of the server adds keys.\n\n';

/**
 * Read settings.toml. A missing file is created with defaults and a random AdminAPIKey;
 * a file from an older version (or without an AdminAPIKey) is completed and rewritten,
 * keeping every value the user set. This is the file side only: parsing and validation are in
 * parse.ts, which a Worker uses alone (its text comes from a binding).
 */
export async function loadSettings(path: string): Promise<LoadedSettings> {
  const notes: string[] = [];
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') {
      throw new SettingsError(`cannot read settings file ${path}: ${(err as Error).message}`);
    }
    const settings = parseSettings({}, path);
    settings.AdminAPIKey = crypto.randomUUID();
    await saveSettings(path, settings);
    notes.push(`wrote a new settings file with defaults to ${path} (AdminAPIKey generated)`);
    return { settings, notes };
  }

  const { settings, raw, notes: unknown } = parseSettingsText(text, path);
  notes.push(...unknown);

  let rewrite = false;
  if (raw['Version'] !== SETTINGS_VERSION) {
    settings.Version = SETTINGS_VERSION;
    rewrite = true;
    notes.push(
      `${path}: upgraded from version ${String(raw['Version'] ?? 0)} to ${SETTINGS_VERSION}; new keys got their defaults`,
    );
  }
  if (!('AdminAPIKey' in raw)) {
    settings.AdminAPIKey = crypto.randomUUID();
    rewrite = true;
    notes.push(`${path}: AdminAPIKey was missing, generated and saved a new one`);
  }
  if (rewrite) await saveSettings(path, settings);
  return { settings, notes };
}

/** Write the whole settings file atomically (temp file, then rename). */
export async function saveSettings(path: string, settings: Settings): Promise<void> {
  const tmp = `${path}.tmp-${crypto.randomUUID()}`;
  await writeFile(tmp, HEADER + stringifyToml(settings) + '\n', { mode: 0o644 });
  await rename(tmp, path);
}
