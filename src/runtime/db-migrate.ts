import process from 'node:process';
import { loadSettings } from '../settings/load.ts';
import { databaseTarget, openHistory } from '../store/db.ts';
import { parseCli } from './cli.ts';

/**
 * `npm run db:migrate [-- --settings FILE]`: bring the DM history database of these settings up to
 * date with drizzle/ — what the server also does at start-up, for deploy pipelines that migrate first.
 */
const cli = parseCli(process.argv.slice(2), process.env);
const { settings } = await loadSettings(cli.settingsPath);
const target = databaseTarget(settings.DirectMessageHistory, process.env);
const history = await openHistory(target);
history.close();
console.log(`DM history database ${target.file ?? target.url} is up to date.`);
