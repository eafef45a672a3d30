// TAK transports: streaming to a TAK Server over plain TCP (8087/8088) or TLS with client certificates (8089),
// and the mesh situational-awareness multicast (239.2.3.1:6969 UDP). Each delivers parsed CoT to handlers.
import net from 'node:net';
import tls from 'node:tls';
import dgram from 'node:dgram';
import type { CoT } from '../cot/node-cot.ts';
import type { Protocol } from './framing.ts';
import { StreamDecoder, frameMesh, frameStream, parseMesh } from './framing.ts';

export type CotHandler = (cot: CoT) => void;
export type ErrorHandler = (e: unknown) => void;

export interface StreamOptions {
  host: string;
  port: number;
  protocol?: Protocol;
}
export interface TlsOptions extends StreamOptions {
  /** PEM client certificate and key (the TAK Server's client certificate for this node), and the server's CA. */
  cert: string | Buffer;
  key: string | Buffer;
  ca: string | Buffer;
  passphrase?: string;
  servername?: string;
}

/** What both transports do with what they receive: parsed CoT and errors to whoever listens. */
class CotSource {
  private readonly handlers: CotHandler[] = [];
  private readonly errorHandlers: ErrorHandler[] = [];

  onCot(h: CotHandler): this {
    this.handlers.push(h);
    return this;
  }

  onError(h: ErrorHandler): this {
    this.errorHandlers.push(h);
    return this;
  }

  protected deliver(cot: CoT): void {
    for (const h of this.handlers) h(cot);
  }

  protected fail(e: unknown): void {
    for (const h of this.errorHandlers) h(e);
  }
}

/** A TAK stream connection (TCP or TLS). */
export class TakStream extends CotSource {
  readonly protocol: Protocol;
  private readonly socket: net.Socket;
  private readonly ready: Promise<void>;

  private constructor(socket: net.Socket, protocol: Protocol, connectEvent: 'connect' | 'secureConnect') {
    super();
    this.socket = socket;
    this.protocol = protocol;
    const decoder = new StreamDecoder((e) => this.fail(e));
    this.ready = new Promise((resolve, reject) => {
      socket.once(connectEvent, () => resolve());
      socket.once('error', reject);
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const cot of decoder.push(chunk)) this.deliver(cot);
      } catch (e) {
        this.fail(e);
        socket.destroy();
      }
    });
    socket.on('error', (e) => this.fail(e));
  }

  static async tcp(o: StreamOptions): Promise<TakStream> {
    const s = new TakStream(net.connect({ host: o.host, port: o.port }), o.protocol ?? 'xml', 'connect');
    await s.ready;
    return s;
  }

  static async tls(o: TlsOptions): Promise<TakStream> {
    const socket = tls.connect({
      host: o.host,
      port: o.port,
      cert: o.cert,
      key: o.key,
      ca: o.ca,
      ...(o.passphrase ? { passphrase: o.passphrase } : {}),
      servername: o.servername ?? (net.isIP(o.host) ? undefined : o.host),
      rejectUnauthorized: true,
    });
    const s = new TakStream(socket, o.protocol ?? 'xml', 'secureConnect');
    await s.ready;
    return s;
  }

  /** Wrap an accepted server-side socket (a TAK peer in tests, or a future listener). */
  static accept(socket: net.Socket, protocol: Protocol = 'xml'): TakStream {
    return new TakStream(socket, protocol, 'connect');
  }

  async send(cot: CoT): Promise<void> {
    const bytes = frameStream(cot, this.protocol);
    await new Promise<void>((resolve, reject) => this.socket.write(bytes, (e) => (e ? reject(e) : resolve())));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 500).unref();
    });
  }
}

export const SA_MULTICAST = { group: '239.2.3.1', port: 6969 } as const;

export interface MeshOptions {
  group?: string;
  port?: number;
  /** Interface address to join and send on; '127.0.0.1' keeps everything on this host. */
  iface?: string;
  /** Multicast TTL; 0 or 1 keeps datagrams off routed networks. */
  ttl?: number;
  protocol?: Protocol;
  /** Send to this unicast address instead of the group (directed CoT, or where multicast is unavailable). */
  unicast?: string;
}

/** The mesh SA channel: UDP multicast, one CoT per datagram (XML or `0xBF 0x01 0xBF` protobuf). */
export class TakMesh extends CotSource {
  private readonly sock: dgram.Socket;
  private readonly o: Required<Omit<MeshOptions, 'unicast'>> & { unicast?: string };
  /** True when joined to the multicast group; false when it had to fall back to unicast only. */
  multicast = false;

  private constructor(sock: dgram.Socket, o: MeshOptions) {
    super();
    this.sock = sock;
    this.o = { group: SA_MULTICAST.group, port: SA_MULTICAST.port, iface: '127.0.0.1', ttl: 1, protocol: 'xml', ...o };
    sock.on('message', (msg) => {
      let cot: CoT;
      try {
        cot = parseMesh(msg);
      } catch (e) {
        this.fail(e);
        return;
      }
      this.deliver(cot);
    });
    sock.on('error', (e) => this.fail(e));
  }

  /** Open the channel: bind the port and join the group on `iface` (falls back to unicast if joining fails). */
  static async open(o: MeshOptions = {}): Promise<TakMesh> {
    const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    const m = new TakMesh(sock, o);
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(m.o.port, () => {
        sock.off('error', reject);
        resolve();
      });
    });
    try {
      sock.addMembership(m.o.group, m.o.iface);
      sock.setMulticastInterface(m.o.iface);
      sock.setMulticastTTL(m.o.ttl);
      sock.setMulticastLoopback(true);
      m.multicast = true;
    } catch {
      m.multicast = false;
    }
    return m;
  }

  get port(): number {
    return this.sock.address().port;
  }

  async send(cot: CoT, to?: { address: string; port: number }): Promise<void> {
    const bytes = frameMesh(cot, this.o.protocol);
    const address = to?.address ?? this.o.unicast ?? (this.multicast ? this.o.group : this.o.iface);
    const port = to?.port ?? this.o.port;
    await new Promise<void>((resolve, reject) =>
      this.sock.send(bytes, port, address, (e) => (e ? reject(e) : resolve())),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.sock.close(() => resolve()));
  }
}
