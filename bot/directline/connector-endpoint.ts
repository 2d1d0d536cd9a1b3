import type { Server } from 'node:http';

/** Where the channel's connector API lives, under this server. */
export const CONNECTOR_PATH = '/v3/directline-connector/';

/**
 * The serviceUrl given to the bot with every Direct Line activity: this very process, over the
 * address it listens on (loopback for 0.0.0.0 / ::), never the public URL, so replies do not
 * leave the machine.
 */
export class ConnectorEndpoint {
  private server: Server | null = null;

  /** The HTTP server whose address the connector is reached at (known once the routes exist). */
  bind(server: Server): void {
    this.server = server;
  }

  serviceUrl(): string {
    const address = this.server?.address() ?? null;
    if (address === null || typeof address === 'string') throw new Error('the server is not listening on a TCP port');
    const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}${CONNECTOR_PATH}`;
  }

  /**
   * The serviceUrl that reaches a conversation of this channel now. A reference's serviceUrl is
   * this connector as the process that saved it was listening (loopback, its port), which a restart
   * on another port or another host leaves dead. So a URL under the connector's path is rebuilt on
   * this process's connector (the rest of its path and its query kept); the host is not looked at,
   * since it is exactly what changed. Any other URL — a real channel's service — is returned as it
   * was: it is never pointed at us. The caller decides that the URL is this channel's (its
   * reference's channelId); so does the connector, which takes only Direct Line activities.
   */
  rebase(serviceUrl: string): string {
    if (!this.server?.listening || !URL.canParse(serviceUrl)) return serviceUrl;
    const saved = new URL(serviceUrl);
    const bare = CONNECTOR_PATH.slice(0, -1);
    if (saved.pathname !== bare && !saved.pathname.startsWith(CONNECTOR_PATH)) return serviceUrl;
    return `${this.serviceUrl()}${saved.pathname.slice(CONNECTOR_PATH.length)}${saved.search}`;
  }

  /** True when a request URL goes to this connector (origin and path), nothing else. */
  owns(url: string): boolean {
    if (!this.server?.listening || !URL.canParse(url)) return false;
    const target = new URL(url);
    const own = new URL(this.serviceUrl());
    return target.origin === own.origin && target.pathname.startsWith(CONNECTOR_PATH);
  }
}
