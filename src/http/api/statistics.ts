import type { Hono } from 'hono';
import type { Room } from '../../core/room.ts';
import { jsonResponse } from '../json.ts';

/** `GET /api/statistics`: who is online, for the website's counter widget. No auth. */
export function registerStatistics(app: Hono, room: Room): void {
  app.all('/api/statistics', (c) => jsonResponse(c, room.statistics()));
}
