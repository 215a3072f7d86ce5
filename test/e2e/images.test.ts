import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, type Msg } from '../support/client.ts';
import { noise } from '../support/images.ts';
import { joinAll, notice } from '../support/joined.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    settings: {
      JWT: { Enabled: true, Strict: false, SecretKey: SECRET },
      ModerationRule: [{ Username: 'img-banned', NoImage: true }],
      Strings: { ModRuleErrorNoImage: 'No pictures for you, by rule.' },
    },
  });
});
afterAll(async () => {
  await server.stop();
});

const IMG =
  /^<img src="data:(image\/(?:jpeg|png|gif));base64,([A-Za-z0-9+/=]+)" width="(\d+)" height="(\d+)" onclick="setModalImage\(this\.src\)" style="cursor: pointer">$/;

/** Take apart the `<img ` markup a client receives: its type, the image inside, its display size. */
function parseImage(m: Msg) {
  const match = IMG.exec(m.message ?? '');
  if (!match) throw new Error(`not the expected <img> markup: ${String(m.message).slice(0, 200)}`);
  return { type: match[1]!, bytes: Buffer.from(match[2]!, 'base64'), width: Number(match[3]), height: Number(match[4]) };
}

const isImage = (m: Msg) => m.action === 'message' && String(m.message).startsWith('<img ');

async function jwtClient(claims: Record<string, unknown>): Promise<ChatClient> {
  const c = await ChatClient.connect(server.wsUrl);
  const me = await c.login('', { jwt: await signToken(claims) });
  expect(me.action).toBe('me');
  await c.next((m) => m.action === 'error' && m.channel === 'vip');
  c.skip();
  return c;
}

describe('sharing images', () => {
  it('shrinks a large JPEG to MaxImageWidth, strips its EXIF and shows everyone a preview', async () => {
    const [a, b] = await joinAll(server.wsUrl, ['img-a', 'img-b']);
    const jpeg = await noise(3000, 1500)
      .jpeg()
      .withExif({ IFD0: { Copyright: 'secret camera owner', Artist: 'someone' } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    a!.skip();
    b!.skip();
    a!.send({ action: 'file', channel: 'offtopic', message: 'holiday.JPG', bytes: [...jpeg] });
    for (const c of [a!, b!]) {
      const m = await c.next(isImage, 15_000);
      expect(m).toMatchObject({ action: 'message', channel: 'offtopic', username: 'img-a' });
      expect(typeof m.msgID).toBe('number');
      const img = parseImage(m);
      expect(img.type).toBe('image/jpeg');
      expect({ width: img.width, height: img.height }).toEqual({ width: 360, height: 180 });
      const meta = await sharp(img.bytes).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: 1280, height: 640 });
      expect(meta.exif).toBeUndefined();
      expect(img.bytes.includes(Buffer.from('secret camera owner'))).toBe(false);
    }
    a!.close();
    b!.close();
  }, 30_000);

  it('accepts a PNG sent as a base64 string and keeps a small image at its own size', async () => {
    const [a] = await joinAll(server.wsUrl, ['img-png']);
    const png = await noise(200, 100)
      .png()
      .withExif({ IFD0: { Copyright: 'png owner' } })
      .toBuffer();
    a!.skip();
    a!.send({ action: 'file', channel: 'offtopic', message: 'small.png', bytes: png.toString('base64') });
    const img = parseImage(await a!.next(isImage, 15_000));
    expect(img.type).toBe('image/png');
    expect({ width: img.width, height: img.height }).toEqual({ width: 200, height: 100 });
    const meta = await sharp(img.bytes).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 200, height: 100 });
    expect(meta.exif).toBeUndefined();
    a!.close();
  });

  it('turns a photo the right way up from its EXIF orientation', async () => {
    const [a] = await joinAll(server.wsUrl, ['img-rotated']);
    const sideways = await noise(300, 100).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    a!.skip();
    a!.send({ action: 'file', channel: 'offtopic', message: 'phone.jpeg', bytes: [...sideways] });
    const img = parseImage(await a!.next(isImage, 15_000));
    const meta = await sharp(img.bytes).metadata();
    expect({ width: meta.width, height: meta.height, orientation: meta.orientation }).toEqual({
      width: 100,
      height: 300,
      orientation: undefined,
    });
    a!.close();
  });

  it('keeps a GIF animated while shrinking it', async () => {
    const [a] = await joinAll(server.wsUrl, ['img-gif']);
    const frame = (color: string) =>
      sharp({ create: { width: 2000, height: 1000, channels: 3, background: color } })
        .png()
        .toBuffer();
    const gif = await sharp([await frame('#f00'), await frame('#0f0'), await frame('#00f')], { join: { animated: true } })
      .gif()
      .toBuffer();
    a!.skip();
    a!.send({ action: 'file', channel: 'offtopic', message: 'dance.gif', bytes: [...gif] });
    const img = parseImage(await a!.next(isImage, 20_000));
    expect(img.type).toBe('image/gif');
    expect({ width: img.width, height: img.height }).toEqual({ width: 360, height: 180 });
    const meta = await sharp(img.bytes, { animated: true }).metadata();
    expect(meta).toMatchObject({ format: 'gif', width: 1280, pages: 3, pageHeight: 640 });
    a!.close();
  }, 30_000);

  it('refuses images in a channel without PermitPhotos, and nobody receives them', async () => {
    const [a, b] = await joinAll(server.wsUrl, ['img-lobby-a', 'img-lobby-b']);
    const png = await noise(20, 20).png().toBuffer();
    a!.skip();
    b!.skip();
    a!.send({ action: 'file', channel: 'lobby', message: 'x.png', bytes: [...png] });
    expect((await a!.next(notice)).message).toContain('not allowed in this channel');
    a!.send({ action: 'file', channel: 'no-such-channel', message: 'x.png', bytes: [...png] });
    expect((await a!.next(notice)).message).toContain('not allowed in this channel');
    await b!.nothing(isImage);
    a!.close();
    b!.close();
  });

  it('refuses other file types, unreadable images, bad base64 and users without a name', async () => {
    const [a] = await joinAll(server.wsUrl, ['img-bad']);
    a!.skip();
    a!.send({ action: 'file', channel: 'offtopic', message: 'doc.pdf', bytes: [1, 2, 3] });
    expect((await a!.next(notice)).message).toContain('only JPEG, GIF and PNG');
    a!.send({ action: 'file', channel: 'offtopic', message: 'broken.png', bytes: [1, 2, 3, 4, 5] });
    expect((await a!.next(notice)).message).toContain('could not be read');
    a!.send({ action: 'file', channel: 'offtopic', message: 'x.png', bytes: '%%% not base64 %%%' });
    expect((await a!.next(notice)).message).toContain('not valid base64');
    a!.send({ action: 'file', channel: 'offtopic', message: 'x.png', bytes: [1, 2, 300] });
    expect((await a!.next(notice)).message).toContain('bytes');
    a!.close();
    const anon = await ChatClient.connect(server.wsUrl);
    anon.send({ action: 'file', channel: 'offtopic', message: 'x.png', bytes: [1] });
    expect((await anon.next(notice)).message).toContain('log in');
    anon.close();
  });

  it('refuses images from a user with the NoImage moderation rule', async () => {
    const [a, b] = await joinAll(server.wsUrl, ['img-banned', 'img-witness']);
    a!.skip();
    b!.skip();
    a!.send({ action: 'file', channel: 'offtopic', message: 'x.png', bytes: [...(await noise(10, 10).png().toBuffer())] });
    expect((await a!.next(notice)).message).toBe('No pictures for you, by rule.');
    await b!.nothing(isImage);
    a!.close();
    b!.close();
  });

  it('sends images in DMs only when one side is an operator', async () => {
    const op = await jwtClient({ sub: 'img-op', op: true });
    const [guest, other] = await joinAll(server.wsUrl, ['img-guest', 'img-other']);
    const png = [...(await noise(30, 30).png().toBuffer())];
    guest!.skip();
    other!.skip();
    op.skip();

    guest!.send({ action: 'file', channel: '@img-other', message: 'x.png', bytes: png });
    expect((await guest!.next(notice)).message).toContain('chat operator');
    await other!.nothing(isImage);

    guest!.send({ action: 'file', channel: '@img-op', message: 'x.png', bytes: png });
    expect(await guest!.next(isImage, 15_000)).toMatchObject({ channel: '@img-op', username: 'img-guest' });
    expect(await op.next(isImage, 15_000)).toMatchObject({ channel: '@img-guest', username: 'img-guest' });

    op.send({ action: 'file', channel: '@img-other', message: 'x.png', bytes: png });
    expect(await other!.next(isImage, 15_000)).toMatchObject({ channel: '@img-op', username: 'img-op' });

    guest!.send({ action: 'file', channel: '@nobody-online', message: 'x.png', bytes: png });
    expect((await guest!.next(notice)).message).toContain('is not online');
    for (const c of [op, guest!, other!]) c.close();
  });
});
