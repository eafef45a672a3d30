// Reading a live Server-Sent Events response in tests.

/** The stream's text up to the first chunk that contains `needle`, or all that arrived within `ms`. */
export async function readStreamUntil(res: Response, needle: string, ms = 5000): Promise<string> {
  let text = '';
  const dec = new TextDecoder();
  const deadline = Date.now() + ms;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    text += dec.decode(chunk, { stream: true });
    if (text.includes(needle) || Date.now() > deadline) break;
  }
  return text;
}
