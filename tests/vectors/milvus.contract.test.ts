/**
 * The vector store contract against real Milvus servers: the Milvus 2.3
 * standalone engine and milvus-lite, each started by servers.ts.
 */
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import { describeVectorStoreContract } from './contract';
import { describeMilvus, milvusTargets } from './milvusTargets';

describeMilvus('Milvus backends', () => {
  for (const target of milvusTargets()) {
    describeVectorStoreContract(
      target.kind,
      // A collection prefix of this run's own, so a rerun against a kept server starts clean.
      () => new MilvusStore({ uri: target.uri(), collection: `contract_${process.pid}` }),
    );
  }
});
