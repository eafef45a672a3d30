// A link between the browser and the server that a test can drop, as a proxy or a radio link does.
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';

/**
 * A TCP relay in front of the server whose connections the test can cut, as a proxy or a dropped link does (Chromium's
 * offline emulation leaves an open EventSource alone).
 */
export async function relay(target: string): Promise<{ url: string; cut(): void; close(): Promise<void> }> {
  const port = Number(new URL(target).port);
  const open = new Set<Socket>();
  const server = createServer((down) => {
    const up = connect(port, '127.0.0.1');
    for (const s of [down, up]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => s.destroy());
    }
    down.pipe(up).pipe(down);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return {
    url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`,
    cut: () => open.forEach((s) => s.destroy()),
    close: () => new Promise<void>((r) => { open.forEach((s) => s.destroy()); server.close(() => r()); }),
  };
}
