import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LI_LEI, WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

const wang = { ...WANG, owner: LI_LEI };

/** A sequence's tag step gives a tag the rest of the engine sees: segments, campaigns' counts, the customer's file. */
describe('tags a sequence gives', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startTestEngine();
  });
  afterEach(async () => {
    await engine.dispose();
  });

  it('put the customer in a segment of that tag and show on the file, and the backend rewriting the file keeps them', async () => {
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    const created = await engine.json('POST', '/v1/sequences', {
      sequence: {
        id: 'mark-welcomed',
        name: 'Mark welcomed',
        trigger: { kind: 'api' },
        steps: [{ id: 'mark', type: 'tag', op: 'add', tag: 'Welcomed' }],
      },
    });
    expect(created.status).toBe(201);
    const count = async () =>
      (
        await engine.callOk<{ matched: number }>('POST', '/v1/segments/count', {
          filter: { tags: ['welcomed'] },
        })
      ).matched;
    expect(await count()).toBe(0);
    await engine.callOk('POST', '/v1/sequences/mark-welcomed/enrol', { customerId: 'c-wang' });
    await engine.advance('PT1M');
    expect(await count()).toBe(1);
    const file = await engine.callOk<{ sequenceTags: string[]; customer: { tags?: string[] } }>(
      'GET',
      '/v1/customers/c-wang',
    );
    expect(file.sequenceTags).toEqual(['Welcomed']);
    // The backend posts the file again without the tag: it was never the backend's to remove.
    await engine.callOk('PUT', '/v1/customers/c-wang', { ...wang, city: 'Hangzhou' });
    expect(await count()).toBe(1);
    const excluded = await engine.callOk<{ matched: number }>('POST', '/v1/segments/count', {
      filter: { excludeTags: ['welcomed'] },
    });
    expect(excluded.matched).toBe(0);
  });
});
