// `npm run import:legacy -- <file> [--year 2018] [--dry-run]`: reads a plain-text news
// archive and creates News drafts (and Relief batch drafts for relief announcements) in the
// CMS through its REST API with the import token, for editors to review and publish.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, parseEnv } from 'node:util';
import { news, restPathOf } from '@fulian/shared-types/model';
import { ENV_FILE } from '@fulian/tooling/paths';
import { cmsRest } from './src/cms-rest.ts';
import { describeArticle, type LegacyArticle, parseLegacyArchive } from './src/legacy-archive.ts';
import { type ArticleResult, LegacyImporter, type Outcome } from './src/legacy-import.ts';
import { BREAKDOWN_HEADINGS, type BreakdownField } from './src/relief-announcement.ts';

const USAGE = `用法：npm run import:legacy -- <文件> [--year 2018] [--dry-run]

  <文件>      旧稿存档（UTF-8 纯文本；文章之间空一行，每篇第一行是标题）
  --year      原文日期没写年份、标题中也没有年份时采用的年份
  --dry-run   试运行：只解析并显示结果，不连接 CMS、不写入

连接 CMS 使用环境变量 CMS_URL（默认 http://127.0.0.1:1337）和 CMS_IMPORT_TOKEN；
没有设置时读取仓库根目录的 .env。`;

const YEAR_SOURCES: Record<NonNullable<LegacyArticle['yearSource']>, string> = {
  date: '见原文',
  title: '取自标题',
  '--year': '按 --year',
  body: '取自正文',
};

type Print = (line: string) => void;

/**
 * Runs the command; returns the exit code: 0 when everything is in the CMS, 1 when anything
 * was skipped or failed (the report says what and why), 2 for a wrong command line.
 */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  print: Print = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs(argv);
  } catch (error) {
    print(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    print(USAGE);
    return 0;
  }

  const path = resolve(env.INIT_CWD ?? process.cwd(), args.file);
  if (!existsSync(path)) {
    print(`找不到文件：${path}`);
    return 2;
  }
  const text = readFileSync(path, 'utf8');
  if (text.includes('\uFFFD')) {
    print(`文件不是 UTF-8 编码（可能是 GBK）：${path}\n请先转换，如 iconv -f GBK -t UTF-8 旧文件.txt > 新文件.txt`);
    return 1;
  }
  const articles = parseLegacyArchive(text, args.year === undefined ? {} : { year: args.year });
  const reliefCount = articles.filter((a) => a.relief).length;
  print(`旧稿导入：${path}`);
  print(
    `共 ${articles.length} 篇文章${reliefCount ? `，其中 ${reliefCount} 篇是救助金发放公告` : ''}` +
      (args.year === undefined ? '' : `；日期没写年份、标题中也没有年份的，按 --year ${args.year} 计`) +
      '。',
  );
  if (articles.length === 0) {
    print('文件中没有任何文章。');
    return 1;
  }

  // One flag fixes every yearless date at once, so nothing is written until it is given.
  const yearless = articles.flatMap((a) => a.problems.filter((p) => p.code === 'no-year'));
  if (yearless.length > 0) {
    print(`\n无法导入：${yearless.length} 篇文章的日期没有年份。`);
    for (const problem of yearless) print(`  - ${problem.message}`);
    print('没有写入任何内容。');
    return 1;
  }

  if (args.dryRun) {
    print('试运行：只解析，不连接 CMS，不写入。');
    for (const article of articles) printArticle(print, article);
    const blocked = articles.filter((a) => a.problems.length > 0 || a.relief?.problems.length);
    print(`\n试运行结束：${articles.length - blocked.length} 篇可以导入，${blocked.length} 篇有问题（见上）。`);
    return blocked.length > 0 ? 1 : 0;
  }

  const connection = cmsConnection(env);
  if ('error' in connection) {
    print(connection.error);
    return 1;
  }
  const cms = cmsRest(connection);
  print(`CMS：${cms.baseUrl}`);
  try {
    // Fails fast on a stopped CMS or a token that may not read drafts, before any article.
    await cms.get(`/api/${restPathOf(news)}`, { status: 'draft', 'pagination[pageSize]': 1, 'fields[0]': 'title' });
  } catch (error) {
    print(`\n${(error as Error).message}\n没有写入任何内容。`);
    return 1;
  }

  const importer = new LegacyImporter(cms);
  const results: ArticleResult[] = [];
  for (const article of articles) {
    const result = await importer.importArticle(article);
    results.push(result);
    printArticle(print, article, result);
  }
  return printSummary(print, results);
}

function readArgs(argv: string[]): { file: string; year?: number; dryRun: boolean; help: boolean } {
  const options = { year: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof options }>>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    throw new Error(`命令行参数有误：${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { file: '', dryRun: false, help: true };
  if (positionals.length !== 1) throw new Error(positionals.length === 0 ? '请指定要导入的文件。' : '一次只能导入一个文件。');
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
    throw new Error(`--year 应为 2000 到 2100 之间的四位年份，收到“${values.year}”。`);
  }
  return {
    file: positionals[0] as string,
    ...(year === undefined ? {} : { year }),
    dryRun: values['dry-run'] ?? false,
    help: false,
  };
}

/** The environment first; the install's .env (never created or changed here) for what it lacks. */
function cmsConnection(env: NodeJS.ProcessEnv): { baseUrl: string; token: string } | { error: string } {
  const file = (!env.CMS_URL || !env.CMS_IMPORT_TOKEN) && existsSync(ENV_FILE) ? parseEnv(readFileSync(ENV_FILE, 'utf8')) : {};
  const baseUrl = env.CMS_URL || file.CMS_URL || `http://127.0.0.1:${env.CMS_PORT || 1337}`;
  const token = env.CMS_IMPORT_TOKEN || file.CMS_IMPORT_TOKEN;
  if (!token) {
    return {
      error:
        `找不到导入令牌：环境变量 CMS_IMPORT_TOKEN 没有设置，${ENV_FILE} 中也没有。\n` +
        '运行一次 npm start 会把它生成到 .env；CMS 启动时按它建立“content-import”令牌。',
    };
  }
  return { baseUrl, token };
}

function printArticle(print: Print, article: LegacyArticle, result?: ArticleResult): void {
  print(`\n${describeArticle(article)}`);
  if (article.date && article.dateSource === 'text') {
    print(
      `  日期 ${article.date}（原文“${article.dateText}”，第 ${article.dateLine} 行；年份${YEAR_SOURCES[article.yearSource ?? 'date']}）`,
    );
  } else if (article.date) {
    print(`  日期 ${article.date}（借用，见下面的“注意”）`);
  }
  for (const note of article.notes) print(`  注意：${note}`);
  if (!result) {
    if (article.problems.length > 0)
      printOutcome(print, '新闻草稿', { status: 'skipped', reasons: article.problems.map((p) => p.message) });
    else print(`  新闻草稿：将新建（摘要 ${[...article.summary].length} 字，正文 ${article.paragraphs.length} 段）`);
  } else {
    printOutcome(print, '新闻草稿', result.news);
  }

  const relief = article.relief;
  if (!relief) return;
  print(
    `  救助公告：${relief.year ?? '？'}年第 ${relief.batchNumber ?? '？'} 批，发放日期 ${relief.disbursementDate ?? '？'}，` +
      `金额 ${relief.amountText ?? '？'} = ${relief.amount ?? '？'} 元，救助 ${relief.recipientCount ?? '？'} 人，项目“${relief.programmeName ?? '？'}”`,
  );
  for (const [field, heading] of Object.entries(BREAKDOWN_HEADINGS) as [BreakdownField, string][]) {
    const rows = relief[field];
    if (rows.length === 0) continue;
    const sum = rows.reduce((total, row) => total + row.count, 0);
    print(`    ${heading}：${rows.map((r) => `${r.label} ${r.count}`).join('、')}（合计 ${sum}）`);
  }
  if (result?.programme) printOutcome(print, '救助项目', result.programme);
  if (result?.batch) printOutcome(print, '救助金发放批次草稿', result.batch);
  else if (relief.problems.length > 0) {
    printOutcome(print, '救助金发放批次草稿', { status: 'skipped', reasons: relief.problems.map((p) => p.message) });
  } else if (!result) print('  救助金发放批次草稿：将新建');
}

function printOutcome(print: Print, what: string, outcome: Outcome): void {
  if ('reasons' in outcome) {
    print(`  ${what}：${outcome.status === 'skipped' ? '未导入' : '导入失败'}，原因：`);
    for (const reason of outcome.reasons) print(`    - ${reason}`);
    return;
  }
  print(`  ${what}：${outcome.status === 'created' ? '已新建' : '已存在，未改动'}（${outcome.label}）`);
  for (const note of outcome.notes) print(`    注意：${note}`);
}

function printSummary(print: Print, results: ArticleResult[]): number {
  const count = (outcomes: (Outcome | undefined)[], status: Outcome['status']) =>
    outcomes.filter((o) => o?.status === status).length;
  const news = results.map((r) => r.news);
  const batches = results.filter((r) => r.batch).map((r) => r.batch);
  const notes = results.reduce(
    (n, r) =>
      n +
      r.article.notes.length +
      [r.news, r.programme, r.batch].reduce((m, o) => m + (o && 'notes' in o ? o.notes.length : 0), 0),
    0,
  );
  const notDone = count(news, 'skipped') + count(news, 'failed') + count(batches, 'skipped') + count(batches, 'failed');
  print('\n小结');
  print(
    `  新闻草稿：新建 ${count(news, 'created')} 篇，已存在 ${count(news, 'exists')} 篇，` +
      `未导入 ${count(news, 'skipped')} 篇，失败 ${count(news, 'failed')} 篇`,
  );
  if (batches.length > 0) {
    print(
      `  救助金发放批次草稿：新建 ${count(batches, 'created')} 个，已存在 ${count(batches, 'exists')} 个，` +
        `未建 ${count(batches, 'skipped')} 个，失败 ${count(batches, 'failed')} 个`,
    );
  }
  if (notes > 0) print(`  需要核对：${notes} 处（见上面的“注意”）`);
  if (notDone > 0) print('  有内容没有导入，原因见上；修改存档或命令后可以再次运行，已导入的不会重复建立。');
  print('草稿不会出现在网站上：请在管理后台核对、选择分类后发布。');
  return notDone > 0 ? 1 : 0;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
