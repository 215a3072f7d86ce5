import { type ChatClient, connectAll, type Msg } from './client.ts';

/** The last welcome message a joiner gets comes from the last configured channel (`vip` by default). */
const lastWelcome = (channel: string) => (m: Msg) => m.action === 'error' && m.channel === channel;

/** Log users in and wait until each has had its whole join sequence, then mark it read. */
export async function joinAll(url: string, names: string[], lastChannel = 'vip'): Promise<ChatClient[]> {
  const clients = await connectAll(url, names);
  for (const c of clients) {
    await c.next(lastWelcome(lastChannel));
    c.skip();
  }
  return clients;
}

/** A ChatServer notice meant for the current view (welcome messages carry a channel). */
export const notice = (m: Msg) => m.action === 'error' && m.channel === undefined;
