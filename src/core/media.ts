/**
 * The first YouTube link of a rendered message (watch, embed, /v/, /e/, youtube-nocookie, youtu.be),
 * capturing the 11-character video id. `&amp;v=` because the search runs on rendered HTML.
 */
const YOUTUBE_LINK = /(?:youtube(?:-nocookie)?\.com\/(?:(?:embed|v|e)\/|\S*?(?:[?&]|&amp;)v=)|youtu\.be\/)([0-9A-Za-z_-]{11})/;
/** A real video id: the last character only carries 2 bits, so it is one of 16 letters. */
const VIDEO_ID = /^[0-9A-Za-z_-]{10}[048AEIMQUYcgkosw]$/;

/** Append a YouTube player after a message that links a video (docs/protocol.md#youtube-embeds). */
export function expandMedia(html: string): string {
  const id = YOUTUBE_LINK.exec(html)?.[1];
  if (!id || !VIDEO_ID.test(id)) return html;
  return (
    html +
    `<iframe class="youtube-embed" width="560" height="315" src="https://www.youtube.com/embed/${id}" ` +
    'title="YouTube video player" frameborder="0" ' +
    'allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" ' +
    'allowfullscreen></iframe>'
  );
}
