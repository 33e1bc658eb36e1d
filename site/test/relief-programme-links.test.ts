import { describe, expect, it } from 'vitest';
import { programmeProblem, unlinkedBatches } from '../src/lib/relief-programme-links.ts';

// What the REST API serves for a published batch once its programme is not published:
// `programme: null` (cms/test/relief-programme-drafts.integration.test.ts).
const batch = (programme: unknown) => ({ documentId: 'b1', title: '2018年第三批', programme });

describe('a published relief batch and its programme', () => {
  it('passes when the programme is there', () => {
    expect(programmeProblem(batch({ name: '贫困妇女“四癌”救助', slug: 'siai' }), null)).toBeNull();
  });

  it('fails naming the field, and the programme the last build knew', () => {
    const problem = programmeProblem(batch(null), { name: '贫困妇女“四癌”救助', slug: 'siai' });
    expect(problem).toMatch(/^programme（救助项目）：/);
    expect(problem).toContain('它的救助项目“贫困妇女“四癌”救助”没有发布');
    expect(problem).toContain('请在管理后台撤下这一批次，或重新发布它的救助项目');
  });

  it('fails without a name when no build saw the batch before', () => {
    const problem = programmeProblem(batch(undefined), null);
    expect(problem).toContain('它的救助项目没有发布');
  });

  it('names every batch whose programme has no page in this build', () => {
    const entry = (slug: string) => ({
      data: { documentId: `id-${slug}`, title: `${slug} 的批次`, programme: { slug, name: `${slug} 项目` } },
    });
    expect(unlinkedBatches([entry('siai'), entry('gone')], [{ id: 'siai' }])).toEqual([
      '救助金发放批次 documentId=id-gone“gone 的批次”：programme（救助项目）“gone 项目”（/relief/gone/）不在已发布的救助项目中，不能链接到它',
    ]);
  });
});
