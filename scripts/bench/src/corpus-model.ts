import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchName, chineseNumeral, formatWanYuan, slugFromTitle, toFen } from '@fulian/shared-types/rules';
import { CMS_DIR } from '@fulian/tooling/paths';
import {
  AGE_BANDS,
  altText,
  CATEGORIES,
  CITY,
  DISTRICTS,
  lectureText,
  newsText,
  organisers,
  PROGRAMMES,
  personName,
  programmeText,
  SOURCES,
  seriesText,
  trainingText,
  venue,
} from './corpus-text.ts';
import { Rng } from './prng.ts';

/**
 * The synthetic corpus as plain data: what the loader writes into Strapi, what the Hugo
 * export reads, and nothing that depends on a running CMS. References between documents are
 * by slug (categories, series, programmes) or by image index; the loader turns them into ids.
 * Same scale and seed, same corpus, byte for byte.
 */

/** Documents at scale 1 (the issue's "1x"); every count scales with the factor. */
export const BASE_COUNTS = {
  news: 10_000,
  trainings: 1_000,
  lectures: 1_000,
  lectureSeries: 50,
  reliefBatches: 240,
  images: 300,
} as const;

/** Years the corpus spans: a federation site that has published for twenty years. */
const FIRST_YEAR = 2006;
const LAST_YEAR = 2025;

/** Shares of documents that carry a cover image. */
const COVER_SHARE = { news: 0.3, trainings: 0.5, lectures: 0.25 } as const;

export interface ImageSpec {
  index: number;
  name: string;
  width: number;
  height: number;
  format: 'jpeg' | 'png';
  alternativeText: string;
  /** Seeds the picture's shapes and colours. */
  seed: number;
}

export interface NewsDoc {
  title: string;
  slug: string;
  date: string;
  summary: string;
  body: string;
  source: string | null;
  category: string | null;
  cover: number | null;
}

export interface TrainingDoc {
  title: string;
  slug: string;
  startDate: string;
  endDate: string;
  venue: string;
  organisers: { name: string; role: '主办' | '承办' | '协办' }[];
  host: string | null;
  participantCount: number | null;
  audience: string | null;
  courses: { title: string; lecturer: string | null; lecturerTitle: string | null }[];
  summary: string;
  body: string;
  cover: number | null;
}

export interface SeriesDoc {
  name: string;
  slug: string;
  plannedCount: number;
  description: string;
}

export interface LectureDoc {
  title: string;
  slug: string;
  startsAt: string;
  venue: string;
  speakers: { name: string; title: string | null }[];
  series: string;
  organisers: { name: string; role: '主办' | '承办' | '协办' }[];
  audience: string | null;
  attendance: number | null;
  summary: string;
  body: string;
  cover: number | null;
}

export interface ProgrammeDoc {
  name: string;
  slug: string;
  description: string;
  eligibility: string;
}

export interface BreakdownRow {
  label: string;
  count: number;
}

export interface ReliefBatchDoc {
  title: string;
  slug: string;
  programme: string;
  year: number;
  batchNumber: number;
  disbursementDate: string;
  amount: string;
  recipientCount: number;
  byDistrict: BreakdownRow[];
  byAgeBand: BreakdownRow[];
  byCancerType: BreakdownRow[];
  summary: string;
  body: string;
}

export interface Corpus {
  scale: number;
  seed: string;
  siteSettings: Record<string, unknown>;
  categories: { name: string; slug: string }[];
  images: ImageSpec[];
  news: NewsDoc[];
  trainings: TrainingDoc[];
  lectureSeries: SeriesDoc[];
  lectures: LectureDoc[];
  reliefProgrammes: ProgrammeDoc[];
  reliefBatches: ReliefBatchDoc[];
}

export function countsFor(scale: number): Record<keyof typeof BASE_COUNTS, number> {
  if (!(scale > 0) || scale > 10) throw new Error(`scale must be in (0, 10], got ${scale}`);
  const n = (base: number) => Math.max(1, Math.round(base * scale));
  return {
    news: n(BASE_COUNTS.news),
    trainings: n(BASE_COUNTS.trainings),
    lectures: n(BASE_COUNTS.lectures),
    lectureSeries: n(BASE_COUNTS.lectureSeries),
    reliefBatches: Math.max(PROGRAMMES.length, n(BASE_COUNTS.reliefBatches)),
    images: Math.max(3, n(BASE_COUNTS.images)),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A day of the year, more news in later years (a site that grows). */
function dateIn(rng: Rng, year: number): string {
  const start = Date.UTC(year, 0, 1);
  const days = (Date.UTC(year + 1, 0, 1) - start) / 86_400_000;
  return new Date(start + rng.int(0, days - 1) * 86_400_000).toISOString().slice(0, 10);
}

function growingYear(rng: Rng): number {
  const years = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) years.push([y, 4 + (y - FIRST_YEAR)] as const);
  return rng.weighted(years);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A readable, unique ASCII slug: the title's first pinyin syllables and a serial number. */
function slug(title: string, serial: number, syllables = 6): string {
  return `${slugFromTitle(title).split('-').slice(0, syllables).join('-')}-${serial}`;
}

/** Article lengths in characters: most 1,000–1,800, a long tail to 3,000, never under 800. */
function bodyLength(rng: Rng): number {
  return rng.chance(0.8) ? rng.around(1400, 450, 800, 2400) : rng.int(2000, 3000);
}

/** Splits n into the given labels at random (multinomial with uneven weights); drops empty rows. */
function partition(rng: Rng, n: number, labels: readonly string[]): BreakdownRow[] {
  const weights = labels.map(() => 0.3 + rng.float());
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = labels.map(() => 0);
  for (let i = 0; i < n; i++) {
    let r = rng.float() * total;
    let k = 0;
    while (k < weights.length - 1 && r >= (weights[k] as number)) {
      r -= weights[k] as number;
      k++;
    }
    counts[k] = (counts[k] as number) + 1;
  }
  return labels.map((label, i) => ({ label, count: counts[i] as number })).filter((row) => row.count > 0);
}

function yuan(cents: number): string {
  return `${Math.floor(cents / 100)}.${pad(cents % 100)}`;
}

/** 146122.00 → 14.6122万元, the way the federation writes amounts. */
function wan(amount: string): string {
  return formatWanYuan(toFen(amount));
}

export function generateCorpus(scale: number, seed: string | number = 1): Corpus {
  const root = new Rng(`fulian-bench:${seed}`);
  const counts = countsFor(scale);

  const imagesRng = root.fork('images');
  const images: ImageSpec[] = Array.from({ length: counts.images }, (_, index) => {
    const shape = imagesRng.weighted([
      [{ width: 1200, height: 800, format: 'jpeg' as const }, 5],
      [{ width: 1600, height: 900, format: 'jpeg' as const }, 3],
      [{ width: 800, height: 600, format: 'png' as const }, 2],
    ]);
    return {
      index,
      name: `bench-${pad(index + 1, 4)}.${shape.format === 'jpeg' ? 'jpg' : 'png'}`,
      ...shape,
      alternativeText: altText(imagesRng),
      seed: imagesRng.int(0, 0x7fffffff),
    };
  });
  const coverFor = (rng: Rng, share: number) => (rng.chance(share) ? rng.int(0, images.length - 1) : null);

  const newsRng = root.fork('news');
  const news: NewsDoc[] = [];
  for (let i = 0; i < counts.news; i++) {
    const date = dateIn(newsRng, growingYear(newsRng));
    const text = newsText(newsRng, date, bodyLength(newsRng));
    news.push({
      ...text,
      slug: slug(text.title, i + 1),
      date,
      source: newsRng.chance(0.85) ? newsRng.pick(SOURCES) : null,
      category: newsRng.chance(0.95) ? newsRng.weighted(CATEGORIES.map((c) => [c.slug, c.weight] as const)) : null,
      cover: coverFor(newsRng, COVER_SHARE.news),
    });
  }

  const trainingRng = root.fork('trainings');
  const trainings: TrainingDoc[] = [];
  for (let i = 0; i < counts.trainings; i++) {
    const startDate = dateIn(trainingRng, growingYear(trainingRng));
    const text = trainingText(trainingRng, startDate, trainingRng.around(900, 300, 500, 1600));
    const endDate = addDays(
      startDate,
      trainingRng.weighted([
        [0, 4],
        [1, 3],
        [2, 4],
        [4, 1],
      ]),
    );
    const participants = trainingRng.chance(0.9) ? trainingRng.around(120, 80, 20, 400) : null;
    trainings.push({
      title: text.title,
      slug: slug(text.title, i + 1, 8),
      startDate,
      endDate,
      venue: venue(trainingRng),
      organisers: organisers(trainingRng),
      host: trainingRng.chance(0.6)
        ? `市妇联${trainingRng.pick(['组织部', '发展部', '宣传部', '权益部'])}${personName(trainingRng)}`
        : null,
      participantCount: participants,
      audience: text.audience,
      courses: text.courses,
      summary:
        `${startDate.slice(0, 4)}年${Number(startDate.slice(5, 7))}月${Number(startDate.slice(8))}日起，${text.title.replace(/^\d{4}年/, '')}举办${participants ? `，约${participants}名学员参训` : ''}，课程包括${text.courses
          .slice(0, 3)
          .map((c) => `“${c.title}”`)
          .join('、')}等。`.slice(0, 290),
      body: text.body,
      cover: coverFor(trainingRng, COVER_SHARE.trainings),
    });
  }

  const seriesRng = root.fork('series');
  const lectureSeries: SeriesDoc[] = [];
  for (let i = 0; i < counts.lectureSeries; i++) {
    const year = LAST_YEAR - Math.floor(i / 10);
    const text = seriesText(seriesRng, Math.max(2000, year), i);
    lectureSeries.push({
      name: text.name,
      slug: `${slug(text.name, i + 1, 10)}`,
      plannedCount: 1,
      description: text.description,
    });
  }

  const lectureRng = root.fork('lectures');
  const lectures: LectureDoc[] = [];
  const perSeries = new Map<string, number>();
  for (let i = 0; i < counts.lectures; i++) {
    const index = i % lectureSeries.length;
    const series = lectureSeries[index] as SeriesDoc;
    perSeries.set(series.slug, (perSeries.get(series.slug) ?? 0) + 1);
    const topic = series.name.replace(/^\d{4}年厦门市/, '');
    const year = Number(series.name.slice(0, 4));
    const day = dateIn(lectureRng, year);
    const time = lectureRng.pick(['09:00', '09:30', '14:30', '15:00', '19:00', '19:30']);
    const text = lectureText(lectureRng, topic, day, lectureRng.around(900, 300, 500, 1800));
    const attendance = lectureRng.chance(0.8) ? lectureRng.around(150, 120, 20, 800) : null;
    const place = venue(lectureRng);
    lectures.push({
      title: text.title.slice(0, 120),
      slug: slug(text.subject, i + 1, 8),
      startsAt: `${day}T${time}:00+08:00`,
      venue: place,
      speakers: text.speakers,
      series: series.slug,
      organisers: organisers(lectureRng),
      audience: lectureRng.chance(0.8)
        ? lectureRng.pick(['辖区家长', '社区妇女群众', '中小学生家长', '幼儿园家长', '职场女性', '新婚夫妇', '老年妇女'])
        : null,
      attendance,
      summary:
        `${Number(day.slice(5, 7))}月${Number(day.slice(8))}日，${series.name}第${perSeries.get(series.slug)}场“${text.subject}”在${place}开讲，${text.speakers.map((s) => s.name).join('、')}主讲${attendance ? `，约${attendance}人到场聆听` : ''}。`.slice(
          0,
          290,
        ),
      body: text.body,
      cover: coverFor(lectureRng, COVER_SHARE.lectures),
    });
  }
  for (const series of lectureSeries) {
    const held = perSeries.get(series.slug) ?? 0;
    series.plannedCount = Math.max(1, Math.ceil((held * (1 + seriesRng.float() * 0.3)) / 10) * 10);
  }

  const reliefRng = root.fork('relief');
  const reliefProgrammes: ProgrammeDoc[] = PROGRAMMES.map((p) => ({ name: p.name, slug: p.slug, ...programmeText(p.name) }));
  const years = LAST_YEAR - FIRST_YEAR + 1;
  const perYear = Math.max(1, Math.ceil(counts.reliefBatches / (PROGRAMMES.length * years)));
  const reliefBatches: ReliefBatchDoc[] = [];
  for (let i = 0; i < counts.reliefBatches; i++) {
    const programme = PROGRAMMES[i % PROGRAMMES.length] as (typeof PROGRAMMES)[number];
    const round = Math.floor(i / PROGRAMMES.length);
    const year = LAST_YEAR - Math.floor(round / perYear);
    const batchNumber = (round % perYear) + 1;
    const month = Math.min(12, Math.floor(((batchNumber - 0.5) * 12) / perYear) + 1);
    const disbursementDate = `${year}-${pad(month)}-${pad(reliefRng.int(1, 28))}`;
    const recipientCount = reliefRng.around(20, 14, 3, 80);
    let cents = 0;
    for (let k = 0; k < recipientCount; k++) {
      cents += reliefRng.int(programme.perPerson[0] / 100, programme.perPerson[1] / 100) * 10_000;
    }
    if (reliefRng.chance(0.3)) cents += reliefRng.int(1, 99_99);
    const amount = yuan(cents);
    const byDistrict = partition(reliefRng, recipientCount, DISTRICTS);
    const title = `${batchName(year, batchNumber)}${CITY}${programme.name}金发放`;
    reliefBatches.push({
      title,
      slug: `${year}-${programme.slug}-${pad(batchNumber)}`,
      programme: programme.slug,
      year,
      batchNumber,
      disbursementDate,
      amount,
      recipientCount,
      byDistrict,
      byAgeBand: partition(reliefRng, recipientCount, AGE_BANDS),
      byCancerType: partition(reliefRng, recipientCount, programme.cancers),
      summary: `${year}年${month}月，${CITY}妇联发放本年度第${chineseNumeral(batchNumber)}批${programme.name}金${wan(amount)}，${recipientCount}位符合条件的申请者获得救助，受助者分布在全市${byDistrict.length}个区。`,
      body: `${year}年${month}月，${CITY}妇联发放了本年度第${chineseNumeral(batchNumber)}批${programme.name}金，金额合计${wan(amount)}，经审核符合条件的${recipientCount}位申请者获得救助。\n\n## 分布情况\n\n- 区域：${byDistrict.map((r) => `${r.label}${r.count}人`).join('，')}；\n- 以上数据只含汇总数字，不含受助者个人信息。\n\n救助金已通过银行转账直接发放到受助者账户。`,
    });
  }

  const siteSettings = JSON.parse(readFileSync(join(CMS_DIR, 'data', 'demo', 'site-settings.json'), 'utf8')) as Record<
    string,
    unknown
  >;

  return {
    scale,
    seed: String(seed),
    siteSettings,
    categories: CATEGORIES.map(({ name, slug }) => ({ name, slug })),
    images,
    news,
    trainings,
    lectureSeries,
    lectures,
    reliefProgrammes,
    reliefBatches,
  };
}

/** How many documents the site will read over REST, per collection. */
export function documentCounts(corpus: Corpus): Record<string, number> {
  return {
    news: corpus.news.length,
    categories: corpus.categories.length,
    trainings: corpus.trainings.length,
    lectures: corpus.lectures.length,
    lectureSeries: corpus.lectureSeries.length,
    reliefProgrammes: corpus.reliefProgrammes.length,
    reliefBatches: corpus.reliefBatches.length,
    siteSettings: 1,
  };
}
