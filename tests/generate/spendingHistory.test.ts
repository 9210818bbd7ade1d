/**
 * Cost and prompt history in a real catalog: outputs summed per local day and
 * month at the price their job was made at (older jobs priced from the table,
 * unknown models counted apart), and the prompts typed before, newest first,
 * each once, searchable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { outputCostRows, promptHistory } from '../../src/main/core/catalog/generationHistory';
import { GenerationRecords } from '../../src/main/core/catalog/generationRecords';
import { summarizeSpending } from '../../src/main/core/generate/spending';
import type { GenerationParams } from '../../src/shared/generation';

describe('spending and prompt history', () => {
  let tmp: string;
  let catalog: Catalog;
  let records: GenerationRecords;
  let made = 0;

  const job = (prompt: string, params: GenerationParams, outputsAt: Date[]) => {
    const created = records.create({ prompt, params, references: [] });
    outputsAt.forEach((at, slot) =>
      records.addOutput({
        contentKey: `key-${made++}`,
        jobId: created.id,
        slot,
        path: path.join(tmp, `out-${made}.png`),
        mimeType: 'image/png',
        responseText: null,
        createdAt: at.getTime(),
      }),
    );
  };

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-spending-'));
    catalog = Catalog.open(path.join(tmp, 'catalog.db'));
    records = new GenerationRecords(catalog.db);
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('sums each saved image per local day and month at its job’s price', () => {
    const may30 = new Date(2026, 4, 30, 23, 50);
    const june1 = new Date(2026, 5, 1, 0, 10);
    const june1late = new Date(2026, 5, 1, 22, 0);
    // Four images asked, three made: only what was saved counts.
    job('a', { model: 'gemini-3.1-flash-image-preview', count: 4, imageSize: '4K', pricePerImageUsd: 0.151 }, [
      may30,
      june1,
      june1,
    ]);
    // Made before prices were kept: priced from the table (2.5 Flash Image, one size).
    job('b', { model: 'gemini-2.5-flash-image', count: 1 }, [june1late]);
    // A price kept with the job wins over today's table.
    job('c', { model: 'gemini-3-pro-image-preview', count: 1, imageSize: '4K', pricePerImageUsd: 0.2 }, [june1late]);
    job('d', { model: 'someone-elses-image-model', count: 1 }, [june1late]);
    // A failed job made nothing and costs nothing here.
    job('e', { model: 'gemini-3-pro-image-preview', count: 2, pricePerImageUsd: 0.134 }, []);

    expect(summarizeSpending(outputCostRows(catalog.db))).toEqual({
      days: [
        { period: '2026-06-01', images: 4, usd: 0.541 },
        { period: '2026-05-30', images: 1, usd: 0.151 },
      ],
      months: [
        { period: '2026-06', images: 4, usd: 0.541 },
        { period: '2026-05', images: 1, usd: 0.151 },
      ],
      unpriced: 1,
    });
  });

  it('recalls prompts newest first, each once, and finds them by any part in any case', () => {
    const params = { model: 'gemini-2.5-flash-image', count: 1 };
    job('a red lantern', params, []);
    job('a blue owl', params, []);
    job('a red lantern', params, []);
    job('100% cotton_shirt', params, []);
    expect(promptHistory(catalog.db, '', 10)).toEqual(['100% cotton_shirt', 'a red lantern', 'a blue owl']);
    expect(promptHistory(catalog.db, 'RED', 10)).toEqual(['a red lantern']);
    // LIKE's wildcards are taken literally.
    expect(promptHistory(catalog.db, '0%', 10)).toEqual(['100% cotton_shirt']);
    expect(promptHistory(catalog.db, 'ed_l', 10)).toEqual([]);
    expect(promptHistory(catalog.db, '', 2)).toHaveLength(2);
  });
});
