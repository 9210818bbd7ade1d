/**
 * One connection to a Milvus server, made on first use and made again after
 * it failed. The SDK caches a failed connect forever (every later call on that
 * client rejects), so a connection that failed is dropped and the next call
 * builds a fresh client: a Milvus that comes back is used again without a
 * restart. Within a call the SDK retries with exponential backoff (250 ms,
 * 500 ms, 1 s) and gRPC's channel reconnects with its own backoff.
 */
import { type ClientConfig, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { checkStatus, GRPC, milvusError, MilvusUnreachable } from './milvusErrors';
import { type MilvusStoreOptions, parseMilvusUri } from './milvusOptions';
import { withUriCredentials } from './uriCredentials';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** The SDK client's settings for these options. */
export function clientConfig(given: MilvusStoreOptions): ClientConfig {
  const options = withUriCredentials(given);
  const { address, https } = parseMilvusUri(options.uri);
  const tls = typeof options.tls === 'object' ? options.tls : undefined;
  return {
    address,
    ssl: https || options.tls === true || tls !== undefined,
    ...(tls ? { tls } : {}),
    ...(options.token ? { token: options.token } : {}),
    ...(options.database ? { database: options.database } : {}),
    timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    maxRetries: 3,
    retryDelay: 125,
    // Winston logs to stdout by default, which would break `--json`; errors reach the user as StoreErrors.
    logLevel: 'error',
    // Heartbeats to the server are a Milvus 2.6 feature; 2.3 and milvus-lite do not implement them.
    telemetry: { enabled: false },
    channelOptions: {
      // Python gRPC servers (milvus-lite) answer idle keepalive pings with GOAWAY "too_many_pings"
      // (their minimum is 5 minutes between pings without calls): ping only during calls, and seldom.
      'grpc.keepalive_time_ms': 60_000,
      'grpc.keepalive_timeout_ms': 20_000,
      'grpc.keepalive_permit_without_calls': 0,
    },
  };
}

export class MilvusConnection {
  /** `host:port`, for messages and the store's name. */
  readonly where: string;
  readonly timeoutMs: number;
  private current: Promise<MilvusClient> | null = null;
  private connected: MilvusClient | null = null;
  private closed = false;

  constructor(private readonly options: MilvusStoreOptions) {
    this.where = parseMilvusUri(options.uri).address;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** A connected client; a StoreError saying why when the server cannot be reached. */
  client(): Promise<MilvusClient> {
    if (this.closed) return Promise.reject(new MilvusUnreachable(`The Milvus store at ${this.where} is closed.`));
    if (!this.current) {
      const client = new MilvusClient(clientConfig(this.options));
      const attempt = client.connectPromise.then(
        () => (this.connected = client),
        async (err: unknown) => {
          await client.closeConnection().catch(() => undefined);
          throw milvusError(err, this.where, 'connect');
        },
      );
      this.current = attempt;
      // Forget a failed attempt so the next call reconnects.
      attempt.catch(() => {
        if (this.current === attempt) this.current = null;
      });
    }
    return this.current;
  }

  /**
   * Runs one request: `what` names it for messages ("search atelier_clip"). A
   * failed status becomes a StoreError; a lost connection also drops the client.
   */
  async call<T>(what: string, request: (client: MilvusClient, timeout: number) => Promise<T>): Promise<T> {
    const response = await this.raw(what, request);
    checkStatus(response, this.where, what);
    return response;
  }

  /** Like `call`, but hands back a failed status for the caller to read (e.g. "index not found"). */
  async raw<T>(what: string, request: (client: MilvusClient, timeout: number) => Promise<T>): Promise<T> {
    const client = await this.client();
    try {
      return await request(client, this.timeoutMs);
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (code === GRPC.UNAVAILABLE || code === GRPC.DEADLINE_EXCEEDED) this.drop(client);
      throw milvusError(err, this.where, what);
    }
  }

  private drop(client: MilvusClient): void {
    if (this.connected === client) {
      this.connected = null;
      this.current = null;
    }
    void client.closeConnection().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    const current = this.current;
    this.current = null;
    this.connected = null;
    const client = await current?.catch(() => null);
    await client?.closeConnection().catch(() => undefined);
  }
}
