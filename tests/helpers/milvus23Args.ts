/**
 * How a Milvus 2.3 test server is configured beyond `milvus-server --data DIR`:
 * every port its launcher would pick by itself (first free from a fixed
 * default, which two servers starting together both pick) on a free one, and
 * every address on 127.0.0.1 where 2.3 lets us (its gRPC listeners take no bind
 * address: they listen on all interfaces).
 */
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './ports';

/** Milvus 2.3 advertises each component's address; keep them all on the loopback interface. */
const LOOPBACK = ['rootCoord', 'proxy', 'queryCoord', 'queryNode', 'indexNode', 'dataCoord', 'dataNode'].flatMap(
  (c) => ['--extra-config', `${c}.ip=127.0.0.1`],
);

/**
 * Milvus 2.3's embedded etcd takes its peer port (2380) from no option of
 * milvus-server, so a second server on the machine (a benchmark's, another
 * run's) would fail to start. An etcd config file of its own, named by the
 * ETCD_CONFIG_PATH environment override Milvus reads, puts both etcd ports on
 * free ones, on 127.0.0.1.
 */
async function ownEtcd(dataDir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const [client, peer] = [await freePort(), await freePort()];
  const file = path.join(dataDir, 'embedEtcd.yaml');
  const url = (p: number) => `http://127.0.0.1:${p}`;
  fs.writeFileSync(
    file,
    [
      `listen-client-urls: ${url(client)}`,
      `advertise-client-urls: ${url(client)}`,
      `listen-peer-urls: ${url(peer)}`,
      `initial-advertise-peer-urls: ${url(peer)}`,
      `initial-cluster: default=${url(peer)}`,
      '',
    ].join('\n'),
  );
  env.ETCD_CONFIG_PATH = file;
  return ['--etcd-port', String(client)];
}

/**
 * Free ports for Milvus 2.3's inner components. Left to the launcher, each is
 * "the first free one from its default" (53100, 19529, …), which two servers
 * starting at the same moment (two test runs, a benchmark) both pick.
 */
async function componentPorts(): Promise<string[]> {
  const options = ['root-coord', 'proxy-internal', 'query-coord', 'query-node', 'index-coord', 'index-node'];
  options.push('data-coord', 'data-node');
  const args: string[] = [];
  for (const o of options) args.push(`--${o}-port`, String(await freePort()));
  return args;
}

/**
 * On SIGTERM a Milvus 2.3 query node waits for its segments to move to another
 * node before it stops, which a standalone server never has: it would wait out
 * `common.gracefulStopTimeout` (30 minutes) with its session still registered.
 * A few seconds let it stop cleanly, revoking its sessions, so the same data
 * folder starts again (QUERYNODE_GRACEFULSTOPTIMEOUT is how Milvus reads
 * `queryNode.gracefulStopTimeout` from the environment; the template lacks it).
 */
function quickGracefulStop(env: NodeJS.ProcessEnv): void {
  env.QUERYNODE_GRACEFULSTOPTIMEOUT = '3';
}

/** All of the above, as milvus-server arguments (and ETCD_CONFIG_PATH in `env`). */
export async function milvus23Args(dataDir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  quickGracefulStop(env);
  return [...LOOPBACK, ...(await componentPorts()), ...(await ownEtcd(dataDir, env))];
}
