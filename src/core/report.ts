import type { WebhookResult } from './ports.ts';
import type { Room } from './room.ts';

/** The `Report` object of the report webhook (protocol §10.6). */
export interface Report {
  FromUsername: string;
  AboutUsername: string;
  Channel: string;
  Timestamp: string;
  Reason: string;
  Message: string;
  Comment: string;
}

/** POST a report to the website's `report` webhook, signed with the admin API key. */
export function postReport(room: Room, report: Report): Promise<WebhookResult> {
  if (!room.webhooks) return Promise.resolve({ ok: false, status: 0, body: '', error: 'webhooks are not available on this server' });
  return room.webhooks.post('report', { Action: 'report', APIKey: room.settings.AdminAPIKey, Report: report });
}
