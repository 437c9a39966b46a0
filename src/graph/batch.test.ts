import { describe, expect, it } from 'vitest';
import { chunkBatch, MAX_BATCH_REQUESTS, validateBatch, type BatchRequest } from './batch';

const req = (id: string, dependsOn?: string[]): BatchRequest => ({ id, method: 'GET', url: `/me/todo/lists/${id}`, dependsOn });

describe('chunkBatch', () => {
  it('splits independent requests into batches of at most 20', () => {
    const chunks = chunkBatch(Array.from({ length: 45 }, (_, i) => req(String(i))));
    expect(chunks.map((c) => c.length)).toEqual([20, 20, 5]);
  });

  it('keeps a dependsOn chain in one batch', () => {
    const requests = [...Array.from({ length: 18 }, (_, i) => req(`a${i}`)), req('b1'), req('b2', ['b1']), req('b3', ['b2'])];
    const chunks = chunkBatch(requests);
    const holding = chunks.find((c) => c.some((r) => r.id === 'b1'))!;
    expect(holding.map((r) => r.id)).toEqual(expect.arrayContaining(['b1', 'b2', 'b3']));
    expect(chunks.every((c) => c.length <= MAX_BATCH_REQUESTS)).toBe(true);
  });

  it('refuses a chain longer than one batch', () => {
    const chain = Array.from({ length: 21 }, (_, i) => req(String(i), i ? [String(i - 1)] : undefined));
    expect(() => chunkBatch(chain)).toThrow(/does not fit/);
  });
});

describe('validateBatch', () => {
  it('rejects duplicate ids and unknown dependencies', () => {
    expect(() => validateBatch([req('1'), req('1')])).toThrow(/Duplicate/);
    expect(() => validateBatch([req('1', ['9'])])).toThrow(/unknown id/);
  });
});
