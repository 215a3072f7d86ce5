import type { Logger } from '../core/ports.ts';

/** Plain line logger on stdout/stderr; debug lines only with --debug. */
export function createConsoleLogger(debug: boolean): Logger {
  const line = (level: string, message: string) => `${new Date().toISOString()} ${level} ${message}`;
  return {
    debug: (m) => {
      if (debug) console.log(line('DEBUG', m));
    },
    info: (m) => console.log(line('INFO', m)),
    warn: (m) => console.warn(line('WARN', m)),
    error: (m) => console.error(line('ERROR', m)),
  };
}
