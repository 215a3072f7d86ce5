/**
 * Cloudflare Workers entry (wrangler.jsonc): the Worker that serves the chat page's files and hands
 * everything else to the room's Durable Object, and that object's class. Bundled by
 * src/runtime/worker-build.ts; run locally with `npm run start:worker`, deployed with `npx wrangler deploy`.
 */
import { createWorkerApp } from '../adapters/durable-object/front.ts';

export { RoomObject as ChatRoom } from '../adapters/durable-object/room-object.ts';

export default createWorkerApp();
