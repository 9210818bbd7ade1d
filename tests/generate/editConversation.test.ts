/**
 * Editing in conversation with `atelier generate --edit`, against the local
 * server speaking Gemini's REST protocol, which refuses a conversation whose
 * model turns are not the ones it answered (image and thought signatures
 * present and unchanged), as the image models do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, json, runCli } from '../helpers/cli';
import { type FakeGemini, type SentPart, startFakeGemini } from '../helpers/fakeGemini';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';

interface GenerateJson {
  job: string;
  state: string;
  outputs: string[];
  parent?: { path: string; contentKey: string };
  conversation?: string;
  note?: string;
}

interface InfoJson {
  contentKey?: string;
  provenance: null | {
    prompt: string;
    parent: { path: string; contentKey: string } | null;
    conversation: { id: string; turn: number } | null;
    lineage: Array<{ path: string; contentKey: string; prompt: string | null }>;
  };
}

describe('atelier generate --edit', { timeout: 180_000 }, () => {
  let tmp: string;
  let lib: string;
  let data: string;
  let fake: FakeGemini;
  const cli = (args: string[]): Promise<CliResult> =>
    runCli([...args, '--data', data], {
      env: { GEMINI_API_KEY: 'edit-test-key', ATELIER_MODEL: COLOR_MODEL, ATELIER_GEMINI_BASE_URL: fake.url },
    });
  const generate = async (args: string[]) => {
    const run = await cli(['generate', ...args, '--json']);
    expect(run.code, run.stderr).toBe(0);
    return { ...json<GenerateJson>(run), stderr: run.stderr };
  };
  const info = async (file: string) => json<InfoJson>(await cli(['info', file, '--json']));
  /** The model turns of the last request, as sent. */
  const sentModelTurns = () =>
    fake.requests
      .at(-1)!
      .body.contents.filter((c) => c.role === 'model')
      .map((c) => c.parts);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-edit-'));
    lib = path.join(tmp, 'library');
    data = path.join(tmp, 'data');
    await solid(path.join(lib, 'blue.png'), [25, 50, 220], 120);
    fake = await startFakeGemini();
    fake.colour = [245, 230, 25];
    const indexed = await runCli(['index', lib, '--data', data, '--model', COLOR_MODEL]);
    expect(indexed.code, indexed.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await fake?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => {
    fake.requests.length = 0;
    fake.refusals.length = 0;
  });

  it('continues the conversation with every signature as received, and branches from an earlier turn', async () => {
    const first = await generate(['--prompt', 'a knight in a red cape', '--ref', path.join(lib, 'blue.png')]);
    const a = first.outputs[0]!;
    const answeredA = fake.requests.length;
    expect(answeredA).toBe(1);

    const second = await generate(['--edit', a, '--prompt', 'make the cape longer']);
    const b = second.outputs[0]!;
    const sent = fake.requests.at(-1)!.body.contents;
    expect(sent.map((c) => c.role)).toEqual(['user', 'model', 'user']);
    // The first user turn again with its reference; the model's whole answer as received; the instruction.
    expect(sent[0]!.parts.map((p) => p.text ?? p.inlineData?.mimeType)).toEqual([
      'Image 1:',
      'image/png',
      'a knight in a red cape',
    ]);
    const modelTurn = sent[1]!.parts;
    expect(modelTurn.map((p) => [p.text ?? p.inlineData?.mimeType, p.thought ?? false])).toEqual([
      ['Sketching the figurine first.', true],
      ['image/png', true],
      ['Here is the figurine.', false],
      ['image/png', false],
    ]);
    expect(modelTurn.filter((p: SentPart) => p.thoughtSignature)).toHaveLength(2);
    expect(sent[2]!.parts).toEqual([{ text: 'make the cape longer' }]);
    expect(fake.refusals).toEqual([]);

    const third = await generate(['--edit', b, '--prompt', 'now in blue']);
    expect(fake.requests.at(-1)!.body.contents.map((c) => c.role)).toEqual(['user', 'model', 'user', 'model', 'user']);
    const branch = await generate(['--edit', a, '--prompt', 'put it on the beach']);
    expect(fake.requests.at(-1)!.body.contents.map((c) => c.role)).toEqual(['user', 'model', 'user']);
    // The branch sends turn 1's model answer exactly as the edit before it did.
    expect(sentModelTurns()[0]).toEqual(modelTurn);

    const infoA = await info(a);
    const infoB = await info(b);
    const infoC = await info(third.outputs[0]!);
    const infoD = await info(branch.outputs[0]!);
    expect(infoA.provenance?.parent).toBeNull();
    expect(infoA.provenance?.conversation).toEqual({ id: first.job, turn: 1 });
    expect(infoB.provenance?.parent).toEqual({ path: a, contentKey: infoA.contentKey });
    expect(infoB.provenance?.conversation).toEqual({ id: first.job, turn: 2 });
    expect(infoC.provenance?.parent).toEqual({ path: b, contentKey: infoB.contentKey });
    expect(infoC.provenance?.conversation).toEqual({ id: first.job, turn: 3 });
    expect(infoC.provenance?.lineage.map((l) => [l.path, l.prompt])).toEqual([
      [a, 'a knight in a red cape'],
      [b, 'make the cape longer'],
      [third.outputs[0], 'now in blue'],
    ]);
    expect(infoD.provenance?.parent).toEqual({ path: a, contentKey: infoA.contentKey });
    expect(infoD.provenance?.conversation).toEqual({ id: first.job, turn: 2 });
  });

  it('is refused by the server when a kept signature was altered', async () => {
    const first = await generate(['--prompt', 'a lantern']);
    const db = new Database(path.join(data, 'catalog.db'));
    const row = db.prepare(`SELECT id, model_parts FROM conversation_turns WHERE job_id = ?`).get(first.job) as {
      id: string;
      model_parts: string;
    };
    const parts = JSON.parse(row.model_parts) as SentPart[];
    const signed = parts.find((p) => p.inlineData && p.thoughtSignature)!;
    // Its first character changed, whatever it was (a random signature may start with any).
    const sig = signed.thoughtSignature!;
    signed.thoughtSignature = `${sig.startsWith('x') ? 'y' : 'x'}${sig.slice(1)}`;
    db.prepare(`UPDATE conversation_turns SET model_parts = ? WHERE id = ?`).run(JSON.stringify(parts), row.id);
    db.close();

    const run = await cli(['generate', '--edit', first.outputs[0]!, '--prompt', 'brighter']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Corrupted thought signature in content position 1/);
    expect(fake.refusals).toHaveLength(1);
  });

  it('saves an answer without a signature, and sends the next turn without one', async () => {
    fake.script('unsigned');
    const first = await generate(['--prompt', 'a teapot']);
    expect(first.outputs).toHaveLength(1);
    const edit = await generate(['--edit', first.outputs[0]!, '--prompt', 'add steam']);
    expect(edit.state).toBe('succeeded');
    const modelTurn = sentModelTurns()[0]!;
    expect(modelTurn.some((p) => p.inlineData)).toBe(true);
    expect(modelTurn.some((p) => p.thoughtSignature)).toBe(false);
    expect(fake.refusals).toEqual([]);
  });

  it('starts a conversation from a library image, and from an image whose conversation is gone, saying so', async () => {
    const blue = path.join(lib, 'blue.png');
    const fromLibrary = await generate(['--edit', blue, '--prompt', 'turn it into a flag']);
    expect(fromLibrary.note).toBeUndefined();
    const sent = fake.requests.at(-1)!.body.contents;
    expect(sent).toHaveLength(1);
    expect(sent[0]!.parts.map((p) => p.text ?? p.inlineData?.mimeType)).toEqual([
      'Image 1:',
      'image/png',
      'turn it into a flag',
    ]);
    const flag = await info(fromLibrary.outputs[0]!);
    const blueKey = (await info(blue)).contentKey;
    expect(flag.provenance?.parent).toEqual({ path: blue, contentKey: blueKey });
    expect(flag.provenance?.conversation?.turn).toBe(1);
    expect(flag.provenance?.lineage.map((l) => l.path)).toEqual([blue, fromLibrary.outputs[0]]);

    // The model's images of the conversation are lost from the data folder.
    const first = await generate(['--prompt', 'a violin']);
    fs.rmSync(path.join(data, 'generation', 'turns'), { recursive: true });
    const edit = await generate(['--edit', first.outputs[0]!, '--prompt', 'make it a cello']);
    expect(edit.note).toMatch(
      /The conversation that made .*violin.*\.png is incomplete .*starting a new conversation from the image/,
    );
    expect(edit.stderr).toContain(edit.note);
    expect(fake.requests.at(-1)!.body.contents).toHaveLength(1);
    const cello = await info(edit.outputs[0]!);
    expect(cello.provenance?.parent?.path).toBe(first.outputs[0]);
    expect(cello.provenance?.conversation?.turn).toBe(1);
    expect(cello.provenance?.conversation?.id).not.toBe(first.job);
  });

  it('keeps each generated image once on disk, and continues conversations whose turns kept their own copy', async () => {
    const first = await generate(['--prompt', 'a paper lantern']);
    const a = first.outputs[0]!;
    const bytesA = fs.readFileSync(a);
    // The output folder holds the image; the conversation names it rather than keeping a copy.
    const copies = (bytes: Buffer) =>
      fs
        .readdirSync(data, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
        .filter((f) => fs.statSync(f).size === bytes.length && fs.readFileSync(f).equals(bytes));
    expect(copies(bytesA)).toEqual([a]);

    const second = await generate(['--edit', a, '--prompt', 'light the candle']);
    const b = second.outputs[0]!;
    expect(fake.refusals).toEqual([]);
    const sentImage = sentModelTurns()[0]!.find((p) => p.inlineData && !p.thought)!;
    expect(Buffer.from(sentImage.inlineData!.data, 'base64').equals(bytesA)).toBe(true);
    expect(copies(fs.readFileSync(b))).toEqual([b]);

    // The first turn as an older version kept it: its image in a file of its own in the data folder.
    const db = new Database(path.join(data, 'catalog.db'));
    const row = db.prepare(`SELECT id, model_parts FROM conversation_turns WHERE job_id = ?`).get(first.job) as {
      id: string;
      model_parts: string;
    };
    const parts = JSON.parse(row.model_parts) as Array<{ inlineData?: Record<string, string> }>;
    const named = parts.find((p) => p.inlineData?.output)!;
    const own = `${named.inlineData!.output}.bin`;
    fs.writeFileSync(path.join(data, 'generation', 'turns', own), bytesA);
    named.inlineData = { mimeType: named.inlineData!.mimeType!, file: own };
    db.prepare(`UPDATE conversation_turns SET model_parts = ? WHERE id = ?`).run(JSON.stringify(parts), row.id);
    db.close();
    // That turn needs no output: with the first image gone, the conversation goes on from the second.
    fs.rmSync(a);
    const third = await generate(['--edit', b, '--prompt', 'hang it from a branch']);
    expect(third.note).toBeUndefined();
    expect(fake.refusals).toEqual([]);
    expect(fake.requests.at(-1)!.body.contents.map((c) => c.role)).toEqual(['user', 'model', 'user', 'model', 'user']);
    const kept = sentModelTurns()[0]!.find((p) => p.inlineData && !p.thought)!;
    expect(Buffer.from(kept.inlineData!.data, 'base64').equals(bytesA)).toBe(true);
    // Running the second edit again sends the same conversation, the first turn from its own copy.
    const again = await generate(['--again', second.job]);
    expect(again.state).toBe('succeeded');
    expect(fake.refusals).toEqual([]);
    expect(fake.requests.at(-1)!.body.contents.map((c) => c.role)).toEqual(['user', 'model', 'user']);

    // An image the conversation names, changed since: editing on from it starts a new conversation, saying why.
    fs.appendFileSync(b, Buffer.from([0]));
    const fresh = await generate(['--edit', third.outputs[0]!, '--prompt', 'at dusk']);
    expect(fresh.note).toMatch(
      /The conversation that made .*hang-it.*\.png is incomplete \(.*light-the-candle.*\.png has changed since it was made\)/,
    );
    expect(fake.requests.at(-1)!.body.contents).toHaveLength(1);
  });

  it('refuses an edit without an instruction, or of a file that is not there', async () => {
    const noPrompt = await cli(['generate', '--edit', path.join(lib, 'blue.png')]);
    expect(noPrompt.code).toBe(2);
    expect(noPrompt.stderr).toMatch(/an edit needs an instruction/);
    const gone = await cli(['generate', '--edit', path.join(lib, 'nothing.png'), '--prompt', 'x']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/Cannot edit .*nothing\.png: the file is not there/);
    expect(fake.requests).toHaveLength(0);
  });
});
