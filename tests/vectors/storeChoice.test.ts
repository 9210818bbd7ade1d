/**
 * Choosing a store: how a Milvus URI is read, how collections are named, which
 * of flags, environment and store.json wins, and that a token never reaches
 * the disk. (Everything here is checked against real servers in milvus*.test.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors';
import { resolveStore } from '../../src/cli/storeOptions';
import { filterExpression, literal, prefixEnd } from '../../src/main/core/vectors/milvus/milvusFilter';
import { collectionName, parseMilvusUri } from '../../src/main/core/vectors/milvus/milvusOptions';
import { readStoreChoice, writeStoreChoice } from '../../src/main/core/vectors/storeChoice';
import { StoreError } from '../../src/main/core/vectors/vectorStore';

describe('Milvus addresses and names', () => {
  it('reads the URIs people write', () => {
    expect(parseMilvusUri('http://127.0.0.1:19530')).toMatchObject({ address: '127.0.0.1:19530', https: false });
    expect(parseMilvusUri('milvus.studio.lan')).toMatchObject({ address: 'milvus.studio.lan:19530', https: false });
    expect(parseMilvusUri('https://in03-abc.zillizcloud.com')).toMatchObject({
      address: 'in03-abc.zillizcloud.com:443',
      https: true,
    });
    expect(parseMilvusUri('[::1]:19531').address).toBe('[::1]:19531');
    expect(() => parseMilvusUri('ftp://x')).toThrow(/Not a Milvus URI/);
  });

  it('names one collection per model, in the characters Milvus allows', () => {
    expect(collectionName(undefined, 'clip-vit-base-patch32')).toBe('atelier_clip_vit_base_patch32');
    expect(collectionName('studio refs', 'Xenova/clip-vit-b32')).toBe('studio_refs_Xenova_clip_vit_b32');
    expect(collectionName('2024', 'm')).toBe('_2024_m');
  });

  it('matches folders as a range of the sort order, and escapes what a literal must', () => {
    expect(prefixEnd('/lib/')).toBe('/lib0');
    expect(prefixEnd('C:\\refs\\')).toBe('C:\\refs]');
    expect(literal('say "hi"\\\t\n\x01')).toBe('"say \\"hi\\"\\\\\\t\\n\x01"');
    expect(filterExpression({ folders: ['/a_b/'], formats: ['png', 'jpeg'] })).toBe(
      '((filepath >= "/a_b/" and filepath < "/a_b0")) and format in ["png", "jpeg"]',
    );
    expect(filterExpression({ folders: [], formats: [] })).toBe('');
  });
});

describe('which store a run uses', () => {
  let data: string;
  beforeEach(() => {
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-choice-'));
  });
  afterEach(() => fs.rmSync(data, { recursive: true, force: true }));

  it('defaults to the embedded index, then follows store.json, the environment and the flags, in that order', () => {
    expect(resolveStore({}, {}, data)).toEqual({ kind: 'embedded' });
    writeStoreChoice(data, { kind: 'milvus', uri: 'http://saved:19530', collection: 'team', token: 'root:secret' });
    expect(resolveStore({}, {}, data)).toEqual({ kind: 'milvus', uri: 'http://saved:19530', collection: 'team' });
    const env = { ATELIER_MILVUS_URI: 'http://env:19530', ATELIER_MILVUS_TOKEN: 'key' };
    expect(resolveStore({}, env, data)).toMatchObject({ uri: 'http://env:19530', token: 'key', collection: 'team' });
    expect(resolveStore({}, { ATELIER_STORE: 'embedded' }, data)).toEqual({ kind: 'embedded' });
    expect(resolveStore({ store: 'embedded' }, env, data)).toEqual({ kind: 'embedded' });
    expect(resolveStore({ milvusUri: 'flag:1', milvusDb: 'art' }, { ATELIER_STORE: 'embedded' }, data)).toMatchObject({
      kind: 'milvus',
      uri: 'flag:1',
      database: 'art',
    });
  });

  it('never writes the token to store.json', () => {
    const file = writeStoreChoice(data, { kind: 'milvus', uri: 'http://a:1', token: 'root:secret' });
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/secret|token/);
    expect(readStoreChoice(data)).toEqual({ kind: 'milvus', uri: 'http://a:1' });
  });

  it('takes credentials in a Milvus URI as the token, keeps them out of store.json, and lets an explicit token win', () => {
    expect(resolveStore({ milvusUri: 'http://root:p%40ss@host:19530' }, {}, data)).toEqual({
      kind: 'milvus',
      uri: 'http://host:19530',
      token: 'root:p@ss',
    });
    expect(resolveStore({ milvusUri: 'root:pw@host', milvusToken: 'key' }, {}, data)).toMatchObject({
      uri: 'host',
      token: 'key',
    });
    const env = { ATELIER_MILVUS_URI: 'https://apikey123@cloud.example', ATELIER_MILVUS_TOKEN: 'explicit' };
    expect(resolveStore({ store: 'milvus' }, { ATELIER_MILVUS_URI: env.ATELIER_MILVUS_URI }, data)).toMatchObject({
      uri: 'https://cloud.example',
      token: 'apikey123',
    });
    expect(resolveStore({ store: 'milvus' }, env, data)).toMatchObject({
      uri: 'https://cloud.example',
      token: 'explicit',
    });
    expect(() => resolveStore({ milvusUri: 'http://root:secret@' }, {}, data)).toThrow(
      /^Not a Milvus URI: "http:\/\/"/,
    );

    const file = writeStoreChoice(data, { kind: 'milvus', uri: 'http://root:secret@a:1' });
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/secret|root/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('moves credentials an older store.json kept in its URI to the kept tokens, and rewrites the file without them', () => {
    const file = path.join(data, 'store.json');
    fs.writeFileSync(file, JSON.stringify({ kind: 'milvus', uri: 'http://root:secret@a:1', collection: 'team' }));
    const kept: Array<[string, string | null]> = [];
    const keeper = { saveMilvusToken: (uri: string, token: string | null) => kept.push([uri, token]) };
    expect(readStoreChoice(data, keeper)).toEqual({
      kind: 'milvus',
      uri: 'http://a:1',
      collection: 'team',
      token: 'root:secret',
    });
    expect(kept).toEqual([['http://a:1', 'root:secret']]);
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/secret|root/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readStoreChoice(data)).toEqual({ kind: 'milvus', uri: 'http://a:1', collection: 'team' });
  });

  it('refuses a store it does not know and a damaged store.json, saying what to do', () => {
    expect(() => resolveStore({ store: 'qdrant' }, {}, data)).toThrow(UsageError);
    expect(() => resolveStore({ milvusUri: 'ftp://x' }, {}, data)).toThrow(/Not a Milvus URI/);
    fs.writeFileSync(path.join(data, 'store.json'), '{"kind": "milvus"}');
    expect(() => readStoreChoice(data)).toThrow(StoreError);
    expect(() => readStoreChoice(data)).toThrow(/store\.json is damaged .*atelier store migrate/);
  });
});
