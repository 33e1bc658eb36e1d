import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../import-legacy.ts';
import type { CmsRest } from '../src/cms-rest.ts';
import { escapeMarkdown, parseLegacyArchive, summarise } from '../src/legacy-archive.ts';
import { LegacyImporter } from '../src/legacy-import.ts';
import { chineseNumber, yuanFromText } from '../src/relief-announcement.ts';

/** The federation's April 2018 news as the old site exported it (seed 000_c7b125d525280b03). */
const SEED = new URL('./fixtures/legacy-news-2018-04.txt', import.meta.url);
const seed = parseLegacyArchive(readFileSync(SEED, 'utf8'), { year: 2018 });

const RELIEF = `市妇联发放2019年第二批厦门市贫困妇女“四癌”救助金
5月6日，厦门市妇联发放2019年第二批厦门市贫困妇女“四癌”救助金2.5万元，共救助3位符合救助条件的申请者。具体情况如下：
1、区域分布：思明区1人，湖里区2人；
2、年龄分布：40-49岁2人，50-59岁1人；
3、癌种分类：乳腺癌2人，宫颈癌1人。`;

describe('the seed archive', () => {
  it('holds exactly ten articles, in order, with their titles', () => {
    expect(seed.map((a) => a.title)).toEqual([
      '市妇联认真落实综治责任 积极推进平安创建工作',
      '市妇联大力推进互联网企业妇联组织建设',
      '市妇联举办全市妇联系统干部履职提升培训班',
      '市妇联举行2018年全市妇联系统信息、网络与新媒体工作暨妇联通应用培训',
      '2018年厦门市百场家庭教育公益讲座启动\u30002018年厦门市中小学家长学校骨干培训同时举行',
      '市妇联党组专题研究2018年党建工作',
      '市妇联认真学习习近平总书记在博鳌亚洲论坛2018年年会开幕式和庆祝海南建省办经济特区30周年大会上的重要讲话精神',
      '市妇联党组中心组开展宪法专题学习',
      '市妇联发放2018年第三批厦门市贫困妇女“四癌”救助金',
      '山东省潍坊市妇联田素英主席带队来厦参观考察妇女创新创业工作',
    ]);
    expect(seed.map((a) => a.line)).toEqual([1, 6, 12, 18, 26, 35, 42, 47, 52, 58]);
    expect(seed.every((a) => a.problems.length === 0)).toBe(true);
  });

  it('joins wrapped titles directly and a subtitle after a full-width space, and says so', () => {
    const [wrapped, subtitled, wrappedAgain] = [seed[3], seed[4], seed[6]];
    expect(wrapped?.titleJoin).toBe('wrapped');
    expect(wrapped?.titleLines.map((l) => l.line)).toEqual([18, 19]);
    expect(wrappedAgain?.titleJoin).toBe('wrapped');
    expect(subtitled?.titleJoin).toBe('subtitle');
    expect(subtitled?.notes.join()).toContain('副标题');
    // Their first paragraphs are body, not title.
    expect(wrapped?.paragraphs[0]?.text).toMatch(/^4月17日上午，/);
    expect(subtitled?.paragraphs[0]?.text).toMatch(/^4月24日上午，/);
  });

  it('dates each article from its text, the year from the title, or --year', () => {
    expect(seed.map((a) => a.date)).toEqual([
      '2018-04-16',
      '2018-04-16',
      '2018-04-17',
      '2018-04-17',
      '2018-04-24',
      '2018-04-16',
      '2018-04-16',
      '2018-04-28',
      '2018-04-23',
      '2018-04-23',
    ]);
    expect(seed[2]?.dateText).toBe('4月17-19日');
    expect(seed[2]?.yearSource).toBe('--year');
    expect(seed[3]?.yearSource).toBe('title');
  });

  it('gives the one undated article its neighbour’s date, and flags it for the editor', () => {
    const undated = seed[1];
    expect(undated?.dateText).toBeNull();
    expect(undated?.dateSource).toBe('previous article');
    expect(undated?.notes.join()).toContain('正文中没有日期，暂用上一篇（第 1 篇，第 1 行）的日期 2018-04-16');
  });

  it('strips the full-width indentation and keeps one paragraph per line', () => {
    const article = seed[1];
    expect(article?.paragraphs.map((p) => p.text.slice(0, 5))).toEqual(['为深入学习', '一是开展调', '二是加强分', '三是创新工']);
    for (const a of seed) {
      for (const p of a.paragraphs) expect(p.text).not.toMatch(/^[\s\u3000]|[\s\u3000]$/);
      expect(a.body).not.toContain('\u3000\u3000');
      expect(a.body.split('\n\n')).toHaveLength(a.paragraphs.length);
    }
  });

  it('summarises with whole sentences within 300 characters', () => {
    for (const a of seed) {
      expect([...a.summary].length).toBeLessThanOrEqual(300);
      expect(a.summary).toMatch(/。$/);
      expect(a.paragraphs[0]?.text.startsWith(a.summary)).toBe(true);
    }
    expect(seed[8]?.summary).toBe(
      '4月23日，厦门市妇联发放2018年第三批厦门市贫困妇女“四癌”救助金14.6122万元，共救助15位符合救助条件的申请者。',
    );
  });

  it('reads the relief announcement’s numbers exactly', () => {
    expect(seed.filter((a) => a.relief).map((a) => a.index)).toEqual([9]);
    expect(seed[8]?.relief).toEqual({
      programmeName: '贫困妇女“四癌”救助',
      year: 2018,
      batchNumber: 3,
      batchText: '三',
      disbursementDate: '2018-04-23',
      amount: '146122.00',
      amountText: '14.6122万元',
      recipientCount: 15,
      byDistrict: [
        { label: '思明区', count: 1 },
        { label: '湖里区', count: 1 },
        { label: '集美区', count: 4 },
        { label: '海沧区', count: 1 },
        { label: '同安区', count: 8 },
      ],
      byAgeBand: [
        { label: '20-29岁', count: 1 },
        { label: '30-39岁', count: 1 },
        { label: '40-49岁', count: 5 },
        { label: '50-59岁', count: 6 },
        { label: '60-69岁', count: 2 },
      ],
      byCancerType: [
        { label: '乳腺癌', count: 6 },
        { label: '子宫癌', count: 3 },
        { label: '卵巢癌', count: 1 },
        { label: '宫颈癌', count: 5 },
      ],
      problems: [],
    });
  });
});

describe('small archives', () => {
  it('a relief announcement whose numbers do not add up is reported exactly and yields no batch', async () => {
    expect(parseLegacyArchive(RELIEF)[0]?.relief?.problems).toEqual([]);
    const text = RELIEF.replace('湖里区2人', '湖里区3人').replace('宫颈癌1人', '宫颈癌0人');
    const [article] = parseLegacyArchive(text);
    expect(article?.relief?.problems).toEqual([
      { field: 'byDistrict', line: 3, message: '区域分布合计 4 人（1 + 3），比救助人数 3 人多 1 人' },
      { field: 'byCancerType', line: 5, message: '癌种分类合计 2 人（2 + 0），比救助人数 3 人少 1 人' },
    ]);

    const posts: string[] = [];
    const cms: CmsRest = {
      baseUrl: 'http://cms.invalid',
      get: async () => ({}) as never,
      getAll: async () => [],
      post: async (path) => {
        posts.push(path);
        return { data: { documentId: 'doc1', slug: 'shi-fu-lian' } } as never;
      },
    };
    const result = await new LegacyImporter(cms).importArticle(article as never);
    expect(posts).toEqual(['/api/news-items']);
    expect(result.news.status).toBe('created');
    expect(result.batch).toEqual({
      status: 'skipped',
      reasons: [
        '区域分布合计 4 人（1 + 3），比救助人数 3 人多 1 人（第 3 行）',
        '癌种分类合计 2 人（2 + 0），比救助人数 3 人少 1 人（第 5 行）',
      ],
    });
  });

  it('refuses to guess: two amounts, an unreadable item, a missing breakdown', () => {
    const text = RELIEF.replace('具体情况如下：', '人均1万元。')
      .replace('湖里区2人', '湖里区若干人')
      .replace(/\n3、癌种分类.*$/, '');
    const problems = parseLegacyArchive(text)[0]?.relief?.problems.map((p) => p.message);
    expect(problems).toEqual([
      '找到不止一个金额（2.5万元、1万元），无法确定哪个是发放金额',
      '区域分布中的“湖里区若干人”看不懂，应为类别加人数，如“思明区1人”',
      '找不到癌种分类（应有“癌种分类：……”一行）',
    ]);
  });

  it('a date without a year in the text takes --year', () => {
    const text =
      '市妇联召开执委会议\n\u3000\u30005月6日上午，市妇联召开执委会议。\n \n市妇联召开座谈会\n5月8日，市妇联召开座谈会。';
    const articles = parseLegacyArchive(text, { year: 2019 });
    expect(articles.map((a) => [a.title, a.date, a.yearSource])).toEqual([
      ['市妇联召开执委会议', '2019-05-06', '--year'],
      ['市妇联召开座谈会', '2019-05-08', '--year'],
    ]);
    expect(articles[0]?.body).toBe('5月6日上午，市妇联召开执委会议。');
  });

  it('an archive with no year and no --year is an error naming the article, and nothing is written', async () => {
    const text = '市妇联召开执委会议\n5月6日上午，市妇联召开执委会议。';
    const [article] = parseLegacyArchive(text);
    expect(article?.date).toBeNull();
    expect(article?.problems).toEqual([
      {
        code: 'no-year',
        field: 'date',
        line: 2,
        message:
          '第 1 篇《市妇联召开执委会议》（第 1 行）：日期“5月6日上午”（第 2 行）没有写年份，标题和正文中也找不到“2018年”这样的年份；请用 --year 指定，如 --year 2018',
      },
    ]);

    const file = join(mkdtempSync(join(tmpdir(), 'legacy-')), 'archive.txt');
    writeFileSync(file, text);
    const lines: string[] = [];
    // Port 9 (discard) on this machine: the command must stop before any request.
    const code = await main([file], { CMS_URL: 'http://127.0.0.1:9', CMS_IMPORT_TOKEN: 'x'.repeat(96) }, (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain('第 1 篇《市妇联召开执委会议》（第 1 行）：日期“5月6日上午”');
    expect(lines.join('\n')).toContain('没有写入任何内容');
  });

  it('an article that is only a title is skipped with its reason', () => {
    const [only] = parseLegacyArchive('2019年市妇联工作要点\n\n');
    expect(only?.problems.map((p) => p.message)).toContain('第 1 篇《2019年市妇联工作要点》（第 1 行）：只有标题，没有正文');
  });
});

describe('pieces', () => {
  it('converts 万元 to yuan by moving the decimal point in the digits', () => {
    expect(yuanFromText('14.6122', '万元')).toBe('146122.00');
    expect(yuanFromText('0.0001', '万元')).toBe('1.00');
    expect(yuanFromText('1.005', '万元')).toBe('10050.00');
    expect(yuanFromText('14.612345', '万元')).toBe('146123.45');
    expect(yuanFromText('14.6123450', '万元')).toBe('146123.45');
    expect(yuanFromText('100', '万元')).toBe('1000000.00');
    expect(yuanFromText('146122.5', '元')).toBe('146122.50');
    expect(yuanFromText('007', '元')).toBe('7.00');
    // Finer than one fen: not representable, so no amount rather than a rounded one.
    expect(yuanFromText('14.6123456', '万元')).toBeNull();
    expect(yuanFromText('1.001', '元')).toBeNull();
  });

  it('reads batch numbers in Chinese numerals', () => {
    expect(['一', '三', '十', '十二', '二十', '二十三', '九十九', '两', '7'].map(chineseNumber)).toEqual([
      1, 3, 10, 12, 20, 23, 99, 2, 7,
    ]);
    expect(['', '十十', '三二', '百'].map(chineseNumber)).toEqual([null, null, null, null]);
  });

  it('cuts an over-long first sentence at a comma, with an ellipsis', () => {
    const long = `${'市妇联召开会议，'.repeat(50)}。`;
    const summary = summarise(long);
    expect([...summary].length).toBeLessThanOrEqual(300);
    expect(summary).toMatch(/会议……$/);
  });

  it('escapes what Markdown would turn into lists, headings or HTML', () => {
    expect(escapeMarkdown('1. 开展调研')).toBe('1\\. 开展调研');
    expect(escapeMarkdown('# 标题')).toBe('\\# 标题');
    expect(escapeMarkdown('- 一项')).toBe('\\- 一项');
    expect(escapeMarkdown('见<script>与*重点*')).toBe('见\\<script\\>与\\*重点\\*');
    expect(escapeMarkdown('1、区域分布：思明区1人')).toBe('1、区域分布：思明区1人');
  });
});
