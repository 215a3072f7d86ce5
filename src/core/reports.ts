import type { Room } from './room.ts';

/** The seven fields of a report, as the website's report webhook receives them (docs/api.md#report-webhook). */
export interface Report {
  FromUsername: string;
  AboutUsername: string;
  Channel: string;
  Timestamp: string;
  Reason: string;
  Message: string;
  Comment: string;
}

export type ReportOutcome = { ok: true } | { ok: false; error: string };

/** POST a report to the `report` webhook with the admin API key; resolves, never rejects. */
export async function sendReport(room: Room, report: Report): Promise<ReportOutcome> {
  if (!room.webhooks) return { ok: false, error: 'no webhooks are configured' };
  try {
    const result = await room.webhooks.post('report', { Action: 'report', APIKey: room.settings.AdminAPIKey, Report: report });
    if (result.ok) return { ok: true };
    room.logger.warn(`report webhook failed (status ${result.status}): ${result.error ?? ''} ${result.body.slice(0, 200)}`);
    return { ok: false, error: result.error ?? `status ${result.status}` };
  } catch (err) {
    return { ok: false, error: String(err) };
  }
}
