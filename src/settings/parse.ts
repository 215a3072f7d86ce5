import { parse as parseToml, TomlError } from 'smol-toml';
import * as v from 'valibot';
import { SettingsSchema, type Settings } from './schema.ts';

/** A settings problem that should stop start-up (or answer a request) with a readable message, not a stack trace. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

export interface ParsedSettings {
  settings: Settings;
  /** The TOML as parsed, before defaults: says which keys the text set. */
  raw: Record<string, unknown>;
  /** Keys the schema does not know, as log lines. */
  notes: string[];
}

/**
 * Parse and validate settings.toml text: no file access, so a Worker (text from a binding) and
 * the file loader (src/settings/load.ts) share the schema and every error message. `source` names
 * the text in messages: the file path, or the binding's name.
 */
export function parseSettingsText(text: string, source: string): ParsedSettings {
  const raw = parseTomlText(text, source);
  const settings = parseSettings(raw, source);
  const notes = unknownKeys(raw).map((key) => `${source}: ignoring unknown key ${key}`);
  return { settings, raw, notes };
}

function parseTomlText(text: string, source: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split('\n')[0] ?? err.message;
      throw new SettingsError(
        `${source}:${err.line}:${err.column}: ${first.replace(/^Invalid TOML document: /, '')} (not valid TOML)`,
      );
    }
    throw new SettingsError(`${source}: ${(err as Error).message}`);
  }
}

/** Validate parsed TOML against the schema; every problem is named by its key path. */
export function parseSettings(raw: unknown, source: string): Settings {
  const result = v.safeParse(SettingsSchema, raw);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => {
    const key = v.getDotPath(issue) ?? '(top level)';
    const expected = issue.expected ? `expected ${issue.expected}` : issue.message;
    return `${key}: ${expected}, got ${issue.received}`;
  });
  throw new SettingsError(`${source}: invalid settings:\n  ${problems.join('\n  ')}`);
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
