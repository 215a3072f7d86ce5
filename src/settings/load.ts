import { readFile, rename, writeFile } from 'node:fs/promises';
import { parse as parseToml, stringify as stringifyToml, TomlError } from 'smol-toml';
import * as v from 'valibot';
import { SETTINGS_VERSION, SettingsSchema, type Settings } from './schema.ts';

/** A settings problem that should stop start-up with a readable message, not a stack trace. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

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
 * keeping every value the user set.
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

  const raw = parseTomlText(text, path);
  const settings = parseSettings(raw, path);
  for (const key of unknownKeys(raw)) notes.push(`${path}: ignoring unknown key ${key}`);

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

function parseTomlText(text: string, path: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split('\n')[0] ?? err.message;
      throw new SettingsError(
        `${path}:${err.line}:${err.column}: ${first.replace(/^Invalid TOML document: /, '')} (not valid TOML)`,
      );
    }
    throw new SettingsError(`${path}: ${(err as Error).message}`);
  }
}

/** Validate parsed TOML against the schema; every problem is named by its key path. */
export function parseSettings(raw: unknown, path: string): Settings {
  const result = v.safeParse(SettingsSchema, raw);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => {
    const key = v.getDotPath(issue) ?? '(top level)';
    const expected = issue.expected ? `expected ${issue.expected}` : issue.message;
    return `${key}: ${expected}, got ${issue.received}`;
  });
  throw new SettingsError(`${path}: invalid settings:\n  ${problems.join('\n  ')}`);
}

/** Keys the schema does not know, usually typos; reported so they do not fail silently. */
function unknownKeys(raw: Record<string, unknown>, schema: v.ObjectEntries = SettingsSchema.entries, prefix = ''): string[] {
  const found: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const entry = schema[key];
    if (!entry) {
      found.push(prefix + key);
      continue;
    }
    const inner = unwrapObjectEntries(entry);
    if (!inner) continue;
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      if (item && typeof item === 'object') {
        const label = Array.isArray(value) ? `${prefix}${key}[${i}].` : `${prefix}${key}.`;
        found.push(...unknownKeys(item as Record<string, unknown>, inner, label));
      }
    });
  }
  return found;
}

function unwrapObjectEntries(schema: v.GenericSchema): v.ObjectEntries | undefined {
  let s: unknown = schema;
  for (;;) {
    const node = s as { type?: string; wrapped?: unknown; item?: unknown; entries?: v.ObjectEntries };
    if (node.type === 'optional') s = node.wrapped;
    else if (node.type === 'array') s = node.item;
    else if (node.type === 'object') return node.entries;
    else return undefined;
  }
}
