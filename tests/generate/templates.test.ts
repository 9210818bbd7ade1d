/**
 * Prompt templates: filling checks every placeholder by name, the store keeps
 * them in the data folder (built-ins first, then the user's changes), and
 * `atelier generate --template` sends the filled prompt to the local Gemini
 * server, while a missing value or an unknown placeholder is refused, naming
 * it, before any call.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES } from '../../src/main/core/generate/builtInTemplates';
import { TemplateStore } from '../../src/main/core/generate/templateStore';
import { fillTemplate, type PromptTemplate, templateNeeds } from '../../src/shared/promptTemplates';
import { json, runCli } from '../helpers/cli';
import { type FakeGemini, startFakeGemini } from '../helpers/fakeGemini';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';

const scene: PromptTemplate = {
  name: 'scene',
  description: '',
  prompt: 'The {thing} from {image 1} on a {place}, {{not a placeholder}}',
  defaults: { place: 'beach' },
};

describe('filling a template', () => {
  it('fills values, then defaults, and names the references as the request introduces them', () => {
    expect(fillTemplate(scene, { thing: 'lamp' }, 1)).toBe('The lamp from image 1 on a beach, {not a placeholder}');
    expect(fillTemplate(scene, { Thing: 'lamp', place: 'rooftop' }, 2)).toBe(
      'The lamp from image 1 on a rooftop, {not a placeholder}',
    );
    expect(templateNeeds(scene.prompt)).toEqual({ placeholders: ['thing', 'place'], images: 1 });
  });

  it('refuses a missing value, an unknown placeholder and too few references, by name', () => {
    expect(() => fillTemplate(scene, {}, 1)).toThrow('Template "scene" needs a value for {thing}.');
    expect(() => fillTemplate(scene, { thing: '  ' }, 1)).toThrow('needs a value for {thing}');
    expect(() => fillTemplate(scene, { thing: 'lamp', colour: 'red' }, 1)).toThrow(
      'Template "scene" has no placeholder {colour}; its placeholders are {thing}, {place}.',
    );
    expect(() => fillTemplate(scene, { thing: 'lamp' }, 0)).toThrow(
      'Template "scene" names {image 1}, so it needs at least 1 reference image; 0 were given.',
    );
    expect(() => fillTemplate({ ...scene, prompt: 'a {thing' }, { thing: 'x' }, 1)).toThrow(/lone "\{"/);
  });

  it('ships three templates whose every placeholder but the scene has a default', () => {
    expect(BUILT_IN_TEMPLATES.map((t) => t.name)).toEqual(['figurine', 'outfit', 'product-scene']);
    expect(templateNeeds(BUILT_IN_TEMPLATES[1]!.prompt).images).toBe(2);
    const product = BUILT_IN_TEMPLATES[2]!;
    expect(() => fillTemplate(product, {}, 1)).toThrow('needs a value for {scene}');
    expect(fillTemplate(product, { scene: 'a studio with a grey sweep' }, 1)).toMatch(
      /^Place the product from image 1 in this scene: a studio with a grey sweep\. /,
    );
  });
});

describe('the template store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-templates-'));
  });

  it('starts with the built-ins and keeps adds, edits, copies and deletions in templates.json', () => {
    const store = new TemplateStore(dir);
    expect(store.list().map((t) => t.name)).toEqual(['figurine', 'outfit', 'product-scene']);
    store.save(scene);
    store.save({ ...scene, name: 'Beach scene', prompt: 'The {thing} on sand', defaults: {} }, 'SCENE');
    expect(store.duplicate('beach scene').name).toBe('Beach scene copy');
    expect(store.duplicate('beach scene').name).toBe('Beach scene copy 2');
    expect(store.remove('figurine')).toBe(true);
    expect(store.remove('figurine')).toBe(false);

    const reopened = new TemplateStore(dir);
    expect(reopened.list().map((t) => t.name)).toEqual([
      'outfit',
      'product-scene',
      'Beach scene',
      'Beach scene copy 2',
      'Beach scene copy',
    ]);
    expect(reopened.get('BEACH SCENE').prompt).toBe('The {thing} on sand');
    expect(fs.readFileSync(path.join(dir, 'templates.json'), 'utf8')).toMatch(/^\{\n {2}"version": 1,/);
  });

  it('says which file is broken rather than losing it to the built-ins', () => {
    const file = path.join(dir, 'templates.json');
    fs.writeFileSync(file, '{"version": 1, "templates": [');
    const store = new TemplateStore(dir);
    expect(() => store.list()).toThrow(`${file} is not a list of templates Atelier can read; fix or remove it.`);
    expect(() => store.save(scene)).toThrow('is not a list of templates');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"version": 1, "templates": [');
  });

  it('refuses a taken name and a bad import whole, changing nothing', () => {
    const store = new TemplateStore(dir);
    store.save(scene);
    expect(() => store.save({ ...scene, name: 'Scene' })).toThrow('A template named "Scene" exists already');
    const before = fs.readFileSync(path.join(dir, 'templates.json'), 'utf8');
    expect(() =>
      store.import([
        { ...scene, name: 'fresh' },
        { ...scene, name: 'broken', prompt: 'a {not valid!}' },
      ]),
    ).toThrow('Placeholder {not valid!} is not a name');
    expect(() => store.import([{ ...scene, name: 'outfit' }])).toThrow('A template named "outfit" exists already');
    expect(fs.readFileSync(path.join(dir, 'templates.json'), 'utf8')).toBe(before);
  });
});

describe('atelier generate --template and atelier templates', { timeout: 180_000 }, () => {
  let tmp: string;
  let fake: FakeGemini;
  let bottle: string;
  const cli = (args: string[], data = path.join(tmp, 'data')) =>
    runCli([...args, '--data', data], {
      env: { GEMINI_API_KEY: 'test-key-7f3a', ATELIER_MODEL: COLOR_MODEL, ATELIER_GEMINI_BASE_URL: fake.url },
    });

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-template-cli-'));
    bottle = path.join(tmp, 'bottle.png');
    await solid(bottle, [30, 120, 200], 96);
    fake = await startFakeGemini();
  });
  afterAll(async () => {
    await fake?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('sends the filled prompt after the reference, and keeps the template in the provenance', async () => {
    const run = await cli([
      'generate',
      '--template',
      'product-scene',
      '--var',
      'scene=a beach at dusk',
      '--var',
      'style=Film photograph',
      '--ref',
      bottle,
      '--out',
      path.join(tmp, 'out'),
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const parts = fake.requests[0]!.body.contents[0]!.parts;
    expect(parts.map((p) => p.text ?? p.inlineData?.mimeType)).toEqual([
      'Image 1:',
      'image/png',
      'Place the product from image 1 in this scene: a beach at dusk. Keep the product exactly as it is: its shape, ' +
        'proportions, colours, label and text. Match the light, shadows and reflections on it to the scene so it ' +
        'looks photographed there. Film photograph.',
    ]);
    const out = json<{ outputs: string[] }>(run);
    const info = json<{ provenance: { params: { template?: string } } }>(
      await cli(['info', out.outputs[0]!, '--json']),
    );
    expect(info.provenance.params.template).toBe('product-scene');
  });

  it('refuses a missing value, an unknown placeholder and a missing reference before any call', async () => {
    const missing = await cli(['generate', '--template', 'product-scene', '--ref', bottle]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Template "product-scene" needs a value for \{scene\}/);
    const unknown = await cli([
      'generate',
      '--template',
      'product-scene',
      '--var',
      'scene=x',
      '--var',
      'mood=calm',
      '--ref',
      bottle,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/has no placeholder \{mood\}; its placeholders are \{scene\}, \{style\}/);
    const noRef = await cli(['generate', '--template', 'outfit', '--ref', bottle]);
    expect(noRef.stderr).toMatch(/names \{image 2\}, so it needs at least 2 reference images; 1 was given/);
    const badVar = await cli(['generate', '--template', 'outfit', '--var', 'style']);
    expect(badVar.code).toBe(2);
    expect(badVar.stderr).toMatch(/--var must be KEY=VALUE, not "style"/);
    const noTemplate = await cli(['generate', '--template', 'poster', '--var', 'x=1']);
    expect(noTemplate.stderr).toMatch(/No template named "poster"; there are: figurine, outfit, product-scene/);
    expect(fake.requests).toHaveLength(0);
  });

  it('exports the templates as JSON that another data folder imports', async () => {
    const added = await cli([
      'templates',
      'add',
      'poster',
      '--prompt',
      'A {genre} film poster of {image 1}',
      '--var',
      'genre=noir',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const exported = await cli(['templates', 'list', '--json']);
    const file = path.join(tmp, 'templates-export.json');
    fs.writeFileSync(file, exported.stdout);

    const other = path.join(tmp, 'other-data');
    expect((await cli(['templates', 'remove', 'figurine'], other)).code).toBe(0);
    const imported = await cli(['templates', 'add', '--file', file, '--json'], other);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/A template named "outfit" exists already/);
    for (const name of ['outfit', 'product-scene'])
      expect((await cli(['templates', 'remove', name], other)).code).toBe(0);
    const again = await cli(['templates', 'add', '--file', file, '--json'], other);
    expect(again.code, again.stderr).toBe(0);
    const list = json<PromptTemplate[]>(await cli(['templates', 'list', '--json'], other));
    expect(list.map((t) => t.name)).toEqual(['figurine', 'outfit', 'product-scene', 'poster']);
    expect(list[3]).toEqual({
      name: 'poster',
      description: '',
      prompt: 'A {genre} film poster of {image 1}',
      defaults: { genre: 'noir' },
    });
    const gone = await cli(['templates', 'remove', 'nothing-here'], other);
    expect(gone.stderr).toMatch(/No template named "nothing-here"/);
  });
});
