// Reading a live Server-Sent Events response in tests.

/** The stream's text up to the first chunk that contains `needle`, or all that arrived within `ms`. */
export async function readStreamUntil(res: Response, needle: string, ms = 20_000): Promise<string> {
  let text = '';
  const dec = new TextDecoder();
  const deadline = Date.now() + ms;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    text += dec.decode(chunk, { stream: true });
    if (text.includes(needle) || Date.now() > deadline) break;
  }
  return text;
}

/** Open the live stream as the stream's clients do: trade the bearer token for a ticket, then GET with the ticket. */
export async function openStream(base: string, token: string, opts: { after?: number | string; lastEventId?: string; signal?: AbortSignal } = {}): Promise<Response> {
  const t = await fetch(`${base}/api/stream/ticket`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (t.status !== 200) throw new Error(`stream ticket: ${t.status} ${await t.text()}`);
  const { ticket } = (await t.json()) as { ticket: string };
  const q = new URLSearchParams({ ticket, ...(opts.after !== undefined ? { after: String(opts.after) } : {}) });
  const headers = opts.lastEventId !== undefined ? { 'last-event-id': opts.lastEventId } : undefined;
  return fetch(`${base}/api/stream?${q}`, { ...(opts.signal ? { signal: opts.signal } : {}), ...(headers ? { headers } : {}) });
}
