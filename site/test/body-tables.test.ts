import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { labelBodyTables } from '../src/lib/body-tables.ts';
import { renderMarkdown } from '../src/lib/markdown.ts';

/** A body as the loader stores it, then as a page shows it. */
const page = (markdown: string) => labelBodyTables(renderMarkdown(markdown));

/** The wrappers of a page body: their attributes, and the tables directly inside each. */
function regions(html: string) {
  const found: { attribs: Record<string, string>; tables: number }[] = [];
  let open: { attribs: Record<string, string>; tables: number } | undefined;
  let depth = 0;
  const parser = new Parser({
    onopentag(name, attribs) {
      if (name === 'div') {
        open = { attribs, tables: 0 };
        found.push(open);
      }
      if (name === 'table' && depth++ === 0 && open) open.tables++;
    },
    onclosetag(name) {
      if (name === 'div') open = undefined;
      if (name === 'table') depth--;
    },
  });
  parser.end(html);
  return found;
}

const WIDE = [
  '| 年度 | 批次 | 发放金额 | 救助人数 | 发放日期 |',
  '| --- | --- | ---: | ---: | --- |',
  '| 2018年 | 第三批 | 14.6122万元 | 15 | 2018年4月24日 |',
].join('\n');

describe('tables in article bodies', () => {
  it('puts a Markdown table in a focusable region named for its header row', () => {
    const html = page(`前文\n\n${WIDE}\n\n后文`);
    expect(regions(html)).toEqual([
      {
        attribs: {
          class: 'table-scroll',
          role: 'region',
          'aria-label': '表格：年度、批次、发放金额、救助人数、发放日期',
          tabindex: '0',
        },
        tables: 1,
      },
    ]);
    // Everything else is left exactly as the renderer wrote it.
    expect(html.replace(/<div [^>]*>|<\/div>/g, '')).toBe(renderMarkdown(`前文\n\n${WIDE}\n\n后文`));
    expect(html).toContain('<td align="right">14.6122万元</td>');
  });

  it('names a table by its caption first, then its first row, then its number', () => {
    const html = page(
      [
        '<table><caption>2018年 “四癌” 救助\n 分区统计</caption><tr><th>区域</th><th>人数</th></tr><tr><td>思明区</td><td>3</td></tr></table>',
        '<table><tr><td>思明区</td><td>3</td></tr></table>',
        '<table><tr><td></td></tr></table>',
      ].join('\n\n'),
    );
    expect(regions(html).map((r) => r.attribs['aria-label'])).toEqual([
      '表格：2018年 “四癌” 救助 分区统计',
      '表格：思明区、3',
      '表格 3',
    ]);
  });

  it('shortens a long name, and escapes it', () => {
    const long = '很长的表头'.repeat(20);
    const [region] = regions(page(`| ${long} | 乙 |\n| --- | --- |\n| 1 | 2 |`));
    const name = region?.attribs['aria-label'] ?? '';
    expect([...name].length).toBe('表格：'.length + 40);
    expect(name.endsWith('…')).toBe(true);
    const html = page('| 甲 "><script>alert(1)</script> & 乙 | 丙 |\n| --- | --- |\n| 1 | 2 |');
    expect(html).not.toMatch(/<script/i);
    expect(regions(html)[0]?.attribs['aria-label']).toBe('表格：甲 "> & 乙、丙');
    expect(html).toContain('aria-label="表格：甲 &quot;&gt; &amp; 乙、丙"');
  });

  it('wraps only the outermost table, each of several, and leaves a body without tables alone', () => {
    const nested = '<table><tr><td>外<table><tr><th>内</th></tr></table></td></tr></table>';
    const html = page(`${WIDE}\n\n段落\n\n${nested}`);
    const found = regions(html);
    expect(found.map((r) => r.attribs['aria-label'])).toEqual(['表格：年度、批次、发放金额、救助人数、发放日期', '表格：外']);
    expect(found.map((r) => r.tables)).toEqual([1, 1]);
    const plain = renderMarkdown('## 标题\n\n没有表格，只有 `<table>` 这个词。');
    expect(labelBodyTables(plain)).toBe(plain);
    expect(labelBodyTables('')).toBe('');
  });

  it('adds nothing an editor could use: their own region, tabindex or handler is still removed first', () => {
    const html = page(
      '<div role="region" tabindex="5" onfocus="window.pwned=1" aria-label="假"><table onclick="x()"><tr><th>甲</th></tr></table></div>',
    );
    expect(html).not.toMatch(/tabindex="5"|onfocus|onclick|假/);
    expect(regions(html)).toHaveLength(1);
    expect(regions(html)[0]?.attribs).toEqual({ class: 'table-scroll', role: 'region', 'aria-label': '表格：甲', tabindex: '0' });
  });
});
