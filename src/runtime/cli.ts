import { parseArgs } from 'node:util';
import { LOG_FORMATS, type LogFormat } from '../settings/schema.ts';

export interface CliOptions {
  hostname: string;
  port: number;
  settingsPath: string;
  debug: boolean;
  /** `--log-format`; undefined leaves it to the settings' `LogFormat`. */
  logFormat: LogFormat | undefined;
}

export class UsageError extends Error {}

export const USAGE = `Usage: start [--address HOST:PORT] [--settings FILE] [--debug] [--log-format text|json]
  --address     where to listen (default 0.0.0.0:9000, or 0.0.0.0:$PORT)
  --settings    path of settings.toml (default ./settings.toml; created if missing)
  --debug       debug logging
  --log-format  text (default, or the settings' LogFormat) or json: one JSON object per line`;

/** Parse the command line shared by every runtime. Go-style single-dash flags are accepted too. */
export function parseCli(argv: string[], env: Record<string, string | undefined>): CliOptions {
  const normalized = argv.map((a) => (/^-[a-z]{2,}/i.test(a) ? `-${a}` : a));
  const parse = () =>
    parseArgs({
      args: normalized,
      options: {
        address: { type: 'string' },
        settings: { type: 'string' },
        debug: { type: 'boolean' },
        'log-format': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse());
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) throw new UsageError(USAGE);
  const logFormat = values['log-format'];
  if (logFormat !== undefined && !(LOG_FORMATS as readonly string[]).includes(logFormat)) {
    throw new UsageError(`invalid --log-format ${JSON.stringify(logFormat)}: expected text or json\n${USAGE}`);
  }
  const address = values.address ?? (env['PORT'] ? `0.0.0.0:${env['PORT']}` : '0.0.0.0:9000');
  return {
    ...parseAddress(address),
    settingsPath: values.settings ?? './settings.toml',
    debug: values.debug ?? false,
    logFormat: logFormat as LogFormat | undefined,
  };
}

/** "127.0.0.1:9000", ":9000", "[::1]:9000" → host and port. */
export function parseAddress(address: string): { hostname: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`invalid --address ${JSON.stringify(address)}: expected HOST:PORT, e.g. 127.0.0.1:9000`);
  }
  return { hostname: m[1] ?? (m[2] || '0.0.0.0'), port };
}
