/** The globals a chat page declares in its inline config script (`const Name = value;` lines), evaluated. */
export function pageGlobals(html: string): Record<string, unknown> {
  const script = [...html.matchAll(/<script nonce="[^"]+"[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => m[1]!)
    .find((s) => /^\s*const /m.test(s));
  if (!script) throw new Error(`no config script in:\n${html}`);
  const names = [...script.matchAll(/^\s*const (\w+) =/gm)].map((m) => m[1]!);
  return new Function(`${script}\nreturn { ${names.join(', ')} };`)() as Record<string, unknown>;
}
