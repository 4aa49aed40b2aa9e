/** The names this server answers to and the web origins it takes orders from, beyond its own. */
export interface PeerConfig {
  /** `ALLOWED_HOSTS`: `name` (any port) or `name:port`, lower case. */
  readonly allowedHosts: readonly string[];
  /** `ALLOWED_ORIGINS`: `scheme://host[:port]`, lower case, no path. */
  readonly allowedOrigins: readonly string[];
}

export const NO_PEERS: PeerConfig = { allowedHosts: [], allowedOrigins: [] };

const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

/** Reads the two lists; a malformed entry throws a sentence naming the variable and the entry. */
export function parsePeerConfig(hosts: string | undefined, origins: string | undefined): PeerConfig {
  const allowedHosts = list(hosts);
  for (const h of allowedHosts) {
    const m = HOST_NAME.exec(h);
    if (!m || (m[1] !== undefined && Number(m[1]) > 65535)) throw new Error(`ALLOWED_HOSTS: "${h}" is not a host name or host:port`);
  }
  const allowedOrigins = list(origins).map((o) => o.replace(/\/$/, ''));
  for (const o of allowedOrigins) {
    let url: URL | null = null;
    try {
      url = new URL(o);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== o) {
      throw new Error(`ALLOWED_ORIGINS: "${o}" is not an origin such as http://localhost:5173 (scheme, host and port only)`);
    }
  }
  return { allowedHosts, allowedOrigins };
}

/** `name` of `name:port` / `[::1]:port` (the Host header's or an origin's authority). */
const nameOf = (authority: string): string => {
  const colon = authority.lastIndexOf(':');
  return colon > authority.lastIndexOf(']') ? authority.slice(0, colon) : authority;
};

/**
 * The allowed sets for a server listening on `port`, computed once: every check is a Set lookup
 * (a name allowed on any port costs one more).
 */
export class AllowedPeers {
  private readonly hosts = new Set<string>();
  private readonly anyPortNames = new Set<string>();
  private readonly ownOrigins = new Set<string>();
  private readonly listedOrigins: ReadonlySet<string>;

  /** `boundAddress`: the address listened on; a specific one (HOST=192.168.1.5) is its own name too. */
  constructor(
    readonly port: number,
    config: PeerConfig,
    boundAddress?: string,
  ) {
    const names = ['localhost', '127.0.0.1', '[::1]'];
    if (boundAddress && boundAddress !== '0.0.0.0' && boundAddress !== '::') names.push(boundAddress.includes(':') ? `[${boundAddress.toLowerCase()}]` : boundAddress);
    for (const name of names) {
      this.hosts.add(`${name}:${port}`);
      this.ownOrigins.add(`http://${name}:${port}`);
      if (port === 80) {
        this.hosts.add(name); // browsers leave the default port out of Host and Origin
        this.ownOrigins.add(`http://${name}`);
      }
    }
    for (const h of config.allowedHosts) {
      if (HOST_NAME.exec(h)?.[1] !== undefined) this.hosts.add(h);
      else this.anyPortNames.add(h);
    }
    this.listedOrigins = new Set(config.allowedOrigins);
  }

  /** Whether a request with this Host header is answered at all. */
  hostAllowed(host: string): boolean {
    if (this.hosts.has(host)) return true;
    const lower = host.toLowerCase();
    return this.hosts.has(lower) || (this.anyPortNames.size > 0 && this.anyPortNames.has(nameOf(lower)));
  }

  /** The server's own origin: a loopback name on its port, or an allowed host over http(s). */
  isOwnOrigin(origin: string): boolean {
    if (this.ownOrigins.has(origin)) return true;
    const lower = origin.toLowerCase();
    const m = /^https?:\/\/([^/]+)$/.exec(lower);
    if (!m) return false;
    const authority = m[1]!;
    if (this.ownOrigins.has(lower)) return true;
    if (this.isLoopbackName(nameOf(authority))) return false; // loopback: only plain http on our port
    return this.hostAllowed(authority);
  }

  /** Named in ALLOWED_ORIGINS: trusted even from another site. */
  isListedOrigin(origin: string): boolean {
    return this.listedOrigins.size > 0 && this.listedOrigins.has(origin.toLowerCase().replace(/\/$/, ''));
  }

  private isLoopbackName(name: string): boolean {
    return name === 'localhost' || name === '127.0.0.1' || name === '[::1]';
  }
}
