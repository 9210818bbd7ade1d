/**
 * The soak's one `atelier serve`: started once, killed with SIGKILL and
 * started again once on the same data folder, and told apart from a failure
 * when a request dies because the harness killed it.
 */
import type { ChildPool, Served } from './soakChildren';

export class SoakServe {
  private served: Served;
  private ready: Promise<Served>;
  private restarting = false;

  private constructor(
    private readonly pool: ChildPool,
    private readonly args: string[],
    private readonly staticDir: string,
    first: Served,
  ) {
    this.served = first;
    this.ready = Promise.resolve(first);
  }

  static async start(pool: ChildPool, args: string[], staticDir: string): Promise<SoakServe> {
    return new SoakServe(pool, args, staticDir, await pool.serve(args, staticDir));
  }

  /** The serve to talk to, once it answers (during a restart, the new one). */
  current(): Promise<Served> {
    return this.ready;
  }

  /** Whether a request to `server` that failed was cut off by the harness's own kill. */
  killedUnder(server: Served): boolean {
    return this.restarting || server !== this.served;
  }

  /** kill -9, then the same command again. */
  async restart(): Promise<void> {
    this.restarting = true;
    this.ready = (async () => {
      this.served.kill();
      await this.served.exited;
      this.served = await this.pool.serve(this.args, this.staticDir);
      return this.served;
    })();
    try {
      await this.ready;
    } finally {
      this.restarting = false;
    }
  }
}
