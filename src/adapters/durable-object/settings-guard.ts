import { SettingsError } from '../../settings/parse.ts';
import { settingsFromBindings, type SettingsBindings } from '../../settings/bindings.ts';

/** The one line every request is answered with when the settings binding is broken. */
export function settingsFailure(err: unknown): string {
  if (err instanceof SettingsError) return `The chat server's settings are broken: ${err.message}`;
  return `The chat server's settings could not be read: ${(err as Error).message}`;
}

let checked: { text: unknown; problem: string | undefined } | undefined;

/**
 * Why the settings bindings cannot be used, or undefined when they can; checked once per settings
 * text in an isolate (a deploy with new settings gets new isolates anyway).
 */
export function settingsProblem(env: SettingsBindings): string | undefined {
  if (checked && checked.text === env.SETTINGS_TOML) return checked.problem;
  let problem: string | undefined;
  try {
    settingsFromBindings(env);
  } catch (err) {
    problem = settingsFailure(err);
    console.error(problem);
  }
  checked = { text: env.SETTINGS_TOML, problem };
  return problem;
}
