import type { LogFields, Logger } from '../core/ports.ts';
import type { LogFormat } from '../settings/schema.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * Line logger on stdout (debug, info) and stderr (warn, error); debug lines only with --debug.
 * Text lines end with the fields as `key=value`; JSON lines carry them as top-level keys beside
 * `time`, `level` and `message`.
 */
export function createConsoleLogger(debug: boolean, format: LogFormat = 'text'): Logger {
  const line = format === 'json' ? jsonLine : textLine;
  const write = (level: Level, message: string, fields?: LogFields) => {
    const text = line(level, message, fields);
    if (level === 'warn' || level === 'error') console.error(text);
    else console.log(text);
  };
  return {
    debug: (m, f) => {
      if (debug) write('debug', m, f);
    },
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

function textLine(level: Level, message: string, fields?: LogFields): string {
  let line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}`;
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value !== undefined)
      line += ` ${key}=${typeof value === 'string' && /[\s"=]/.test(value) ? JSON.stringify(value) : value}`;
  }
  return line;
}

function jsonLine(level: Level, message: string, fields?: LogFields): string {
  const fixed = { time: new Date().toISOString(), level, message };
  // The fixed keys come first and are written again last, so a field can never replace them.
  return JSON.stringify(Object.assign({ ...fixed }, fields, fixed));
}
