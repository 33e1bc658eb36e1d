import phrases from './corpus-text.json' with { type: 'json' };
import type { Rng } from './prng.ts';

/**
 * The phrase bank (corpus-text.json) holds words only; the rules that compose them live here.
 * Its shape, so a mistyped key or a course without its lecturer fails the type check.
 */
interface PhraseBank {
  city: string;
  districts: string[];
  streets: string[];
  communities: string[];
  surnames: string[];
  given: string[];
  leaderPosts: string[];
  /** After the city and district federations in ORGS. */
  orgs: string[];
  partners: string[];
  places: string[];
  topics: string[];
  events: string[];
  verbs: string[];
  campaigns: string[];
  measures: string[];
  aspects: string[];
  sectionHeadings: string[];
  feelings: string[];
  /** [name, path under the federation's law pages] */
  laws: [string, string][];
  categories: { name: string; slug: string; weight: number }[];
  sourceDepartments: string[];
  trainingKinds: string[];
  /** [course, lecturer's title, or null for a session without one] */
  courses: [string, string | null][];
  audiences: string[];
  seriesTopics: string[];
  lectureSubjects: string[];
  speakerTitles: string[];
  /** `{city}` stands for the city's name. */
  fullPartners: string[];
  programmes: { name: string; slug: string; cancers: string[]; perPerson: [number, number] }[];
  ageBands: string[];
  altSubjects: string[];
}

const bank: PhraseBank = phrases as PhraseBank;

/**
 * A bank of phrases from the everyday work of a city Women's Federation, and the rules that
 * compose them into titles, summaries and Markdown bodies. The city is the demo's (the Site
 * settings are copied from cms/data/demo); every person named, every figure and every event
 * is invented. The vocabulary, sentence shapes and lengths follow real federation news.
 */

export const CITY = bank.city;

export const DISTRICTS = bank.districts;

const STREETS = bank.streets;

const COMMUNITIES = bank.communities;

const SURNAMES = bank.surnames;
const GIVEN = bank.given;

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

const LEADER_POSTS = bank.leaderPosts;

// The city federation three times: most news is its own.
const ORGS = ['市妇联', '市妇联', '市妇联', ...DISTRICTS.map((d) => `${d}妇联`), ...bank.orgs];

const PARTNERS = bank.partners;

export const PLACES = bank.places;

const TOPICS = bank.topics;

const EVENTS = bank.events;

const VERBS = bank.verbs;

const CAMPAIGNS = bank.campaigns;

const MEASURES = bank.measures;

const ASPECTS = bank.aspects;

const SECTION_HEADINGS = bank.sectionHeadings;

const FEELINGS = bank.feelings;

const RESULTS = [
  (rng: Rng) => `活动共吸引${rng.int(80, 3000)}余人参与`,
  (rng: Rng) => `累计服务妇女群众${rng.int(500, 30000)}人次`,
  (rng: Rng) => `现场发放宣传资料${rng.int(300, 5000)}余份`,
  (rng: Rng) => `受理妇女群众咨询${rng.int(20, 600)}件`,
  (rng: Rng) => `帮助${rng.int(20, 800)}名妇女实现就业创业`,
  (rng: Rng) => `覆盖全市${rng.int(50, 500)}个村（社区）`,
  (rng: Rng) => `评选出${rng.int(10, 100)}户市级“最美家庭”`,
  (rng: Rng) => `组建巾帼志愿服务队${rng.int(10, 200)}支`,
  (rng: Rng) => `化解婚姻家庭矛盾纠纷${rng.int(10, 400)}起`,
];

const LAWS = bank.laws;

export const CATEGORIES = bank.categories;

export const SOURCES = [...bank.sourceDepartments, ...DISTRICTS.map((d) => `${d}妇联`), '市妇女儿童活动中心'];

/** “4月16日下午” for a date of an event. */
export function dayPhrase(rng: Rng, isoDate: string): string {
  const [, m, d] = isoDate.split('-').map(Number);
  return `${m}月${d}日${rng.pick(['', '上午', '下午', '', '晚上'])}`;
}

function leader(rng: Rng): string {
  return `${rng.pick(LEADER_POSTS)}${personName(rng)}`;
}

function place(rng: Rng): string {
  return rng.chance(0.3) ? `${rng.pick(DISTRICTS)}${rng.pick(STREETS)}${rng.pick(COMMUNITIES)}` : rng.pick(PLACES);
}

function measures(rng: Rng, n: number): string[] {
  return rng.sample(MEASURES, n);
}

export interface NewsText {
  title: string;
  summary: string;
  body: string;
}

/** What a piece is about: its date, the organisation acting and the line of work. */
export interface Context {
  date: string;
  org: string;
  topic: string;
  event: string;
}

const NEWS_TITLES: ((rng: Rng, ctx: Context) => string)[] = [
  (rng, ctx) => `${ctx.org}${rng.pick(VERBS)}${ctx.date.slice(0, 4)}年${ctx.topic}${ctx.event}`,
  (rng, ctx) =>
    `${ctx.org}${rng.pick(VERBS)}“${rng.pick(CAMPAIGNS)}”${ctx.topic}${rng.pick(['主题活动', '宣传活动', '系列活动'])}`,
  (rng, ctx) => `${ctx.org}${rng.pick(['扎实推进', '创新开展', '深入推进'])}${ctx.topic}工作`,
  (rng, ctx) => `${ctx.org}与${rng.pick(PARTNERS)}联合${rng.pick(VERBS)}${ctx.topic}${ctx.event}`,
  (rng, ctx) => `${rng.pick(LEADER_POSTS)}${personName(rng)}到${rng.pick(DISTRICTS)}调研${ctx.topic}工作`,
  (rng) => `我市${rng.int(3, 60)}户家庭获评${rng.pick(['全国', '全省', '全市'])}“最美家庭”`,
  (rng, ctx) =>
    `${ctx.org}${rng.pick(['认真学习贯彻', '传达学习', '专题学习'])}${rng.pick(['全国妇联', '省妇联', '市委'])}${rng.pick(['全会', '执委会议', '工作会议'])}精神`,
  (rng, ctx) => `“${rng.pick(CAMPAIGNS)}”${ctx.topic}${ctx.event}在${rng.pick(DISTRICTS)}举行`,
  (rng, ctx) =>
    `${ctx.org}${rng.pick(['扎实开展', '积极推进', '持续深化'])}${ctx.topic} ${rng.pick(['助力', '服务', '护航'])}${rng.pick(['基层社会治理', '妇女儿童发展', '高质量发展', '平安建设'])}`,
];

/** The opening paragraph: when, who, where, what, who came. */
function lead(rng: Rng, ctx: Context): string {
  return `${dayPhrase(rng, ctx.date)}，${ctx.org}在${place(rng)}${rng.pick(VERBS)}${ctx.topic}${ctx.event}。${leader(rng)}出席并讲话，${rng.pick(['各区妇联分管领导', '市直有关单位负责同志', '基层妇联干部和执委代表', '社区妇联主席', '巾帼志愿者代表', '妇女群众代表'])}共${rng.int(30, 400)}人参加。`;
}

/** A closing paragraph: what comes next. */
function closing(rng: Rng, ctx: Context): string {
  return `${rng.pick(['下一步', '接下来', '今后'])}，${ctx.org}将${measures(rng, 2).join('，')}，${rng.pick(['为建设高素质高颜值现代化国际化城市贡献巾帼力量', '团结引领广大妇女在新征程上建功立业', '让妇女群众有更多获得感、幸福感、安全感'])}。`;
}

/** One paragraph of 60–200 characters from the body of a federation news release. */
function paragraph(rng: Rng, ctx: Context): string {
  const shapes: (() => string)[] = [
    () =>
      `会议指出，${ctx.topic}是${rng.pick(['妇联组织服务大局、服务妇女的重要抓手', '新时代妇女工作的重要内容', '推进基层社会治理的重要方面', '满足妇女群众美好生活需要的重要举措'])}。要${measures(rng, 3).join('，')}。`,
    () =>
      `${personName(rng)}强调，各级妇联组织要坚持以人民为中心的发展思想，${measures(rng, 2).join('，')}，${rng.pick(['以实际行动', '用心用情', '扎扎实实'])}把${ctx.topic}各项工作抓细抓实。`,
    () => {
      const [a, b] = rng.sample(RESULTS, 2);
      return `近年来，${ctx.org}围绕${ctx.topic}，${rng.sample(ASPECTS, 2).join('、')}，${a?.(rng)}，${b?.(rng)}，相关做法得到${rng.pick(['上级妇联', '市委市政府', '社会各界', '妇女群众'])}的充分肯定。`;
    },
    () =>
      `活动现场，${rng.pick(['专家', '律师', '心理咨询师', '家庭教育指导师', '医务人员', '巾帼志愿者'])}们${rng.pick(['结合典型案例', '围绕群众关心的问题', '通过情景演示', '以互动问答的形式'])}，${rng.pick(['讲解了', '解读了', '分享了', '介绍了'])}${ctx.topic}方面的${rng.pick(['政策规定', '实用知识', '经验做法', '注意事项'])}。${rng.pick(FEELINGS)}`,
    () =>
      `据了解，今年以来，${rng.pick(DISTRICTS)}妇联${rng.pick(['依托', '用好', '整合'])}${rng.pick(['“妇女之家”', '“儿童之家”', '新时代文明实践站', '社区党群服务中心'])}阵地，${rng.pick(RESULTS)(rng)}。${rng.pick(FEELINGS)}`,
    () =>
      `${rng.pick(['座谈会上', '交流环节', '会上'])}，${rng.pick(DISTRICTS)}妇联、${rng.pick(STREETS)}妇联和${rng.pick(COMMUNITIES)}妇联负责人先后发言，交流了在${ctx.topic}中的${rng.pick(['经验做法', '创新举措', '困难和建议'])}。`,
    () =>
      `${rng.pick(DISTRICTS)}${rng.pick(STREETS)}${rng.pick(COMMUNITIES)}妇联主席${personName(rng)}介绍，社区${rng.pick(['组建了由退休教师、律师和心理咨询师组成的志愿服务队', '每月固定开展一次主题活动', '建立了困难妇女儿童台账，做到一户一档', '把议事会开到了楼道里'])}，${rng.pick(FEELINGS)}`,
  ];
  return rng.pick(shapes)();
}

function list(rng: Rng, ordered: boolean): string {
  const items = rng.sample(MEASURES, rng.int(3, 5));
  return items.map((item, i) => `${ordered ? `${i + 1}.` : '-'} ${item}；`).join('\n');
}

function link(rng: Rng): string {
  const [name, path] = rng.pick(LAWS);
  return `相关规定详见[《${name}》](https://www.example.gov.cn/${path}/)${rng.pick(['。', '，欢迎广大妇女群众学习了解。'])}`;
}

const MAX_BODY = 3000;

/**
 * A Markdown body of about `length` characters (never more than 3,000): an opening
 * paragraph, then ### sections of paragraphs, now and then a list or a link, and a close.
 * `extra` adds paragraph shapes of its own kind (a lecture's, a training's).
 */
export function markdownBody(rng: Rng, length: number, ctx: Context, extra: ((rng: Rng) => string)[] = []): string {
  const blocks: string[] = [lead(rng, ctx)];
  const end = rng.chance(0.6) ? closing(rng, ctx) : '';
  let size = (blocks[0]?.length ?? 0) + end.length;
  const headings = rng.sample(SECTION_HEADINGS, SECTION_HEADINGS.length);
  const numbered = rng.chance(0.3);
  const aspects = rng.sample(ASPECTS, ASPECTS.length);
  const numbers = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const paragraphOf = () => (extra.length > 0 && rng.chance(0.5) ? rng.pick(extra)(rng) : paragraph(rng, ctx));
  blocks.push(paragraphOf());
  size += blocks[1]?.length ?? 0;
  for (let section = 0; size < length; section++) {
    const title = numbered
      ? `${numbers[section % 10]}、${aspects[section % aspects.length]}`
      : headings[section % headings.length];
    const part = [`### ${title}`];
    for (let i = rng.int(1, 3); i > 0; i--) part.push(paragraphOf());
    if (rng.chance(0.35)) part.push(list(rng, rng.chance(0.4)));
    if (rng.chance(0.2)) part.push(link(rng));
    const partSize = part.join('').length;
    if (size + partSize > MAX_BODY && size >= 800) break;
    blocks.push(...part);
    size += partSize;
  }
  if (end) blocks.push(end);
  return blocks.join('\n\n');
}

/** The first sentence or two of the body, at most `max` characters. */
export function summaryOf(body: string, max = 150): string {
  const first = body.split('\n\n')[0] ?? body;
  const sentences = first.match(/[^。！？]+[。！？]/g) ?? [first];
  let summary = '';
  for (const sentence of sentences) {
    if ((summary + sentence).length > max) break;
    summary += sentence;
  }
  return summary || `${first.slice(0, max - 1)}…`;
}

export function newsText(rng: Rng, date: string, length: number): NewsText {
  const ctx: Context = { date, org: rng.pick(ORGS), topic: rng.pick(TOPICS), event: rng.pick(EVENTS) };
  let title = rng.pick(NEWS_TITLES)(rng, ctx);
  if ([...title].length > 60) title = [...title].slice(0, 60).join('');
  const body = markdownBody(rng, length, ctx);
  return { title, summary: summaryOf(body), body };
}

// ---------------------------------------------------------------------------------------
// Trainings

const TRAINING_KINDS = bank.trainingKinds;

const COURSES = bank.courses;

const AUDIENCES = bank.audiences;

export function trainingText(rng: Rng, startDate: string, length: number) {
  const year = Number(startDate.slice(0, 4));
  const kind = rng.pick(TRAINING_KINDS);
  const org = rng.pick(ORGS);
  const title = `${year}年${org === '市妇联' ? `${CITY}` : org}${kind}${rng.chance(0.3) ? `（第${rng.int(1, 6)}期）` : ''}`;
  const courses = rng.sample(COURSES, rng.int(3, 8)).map(([course, lecturerTitle]) => ({
    title: course,
    lecturer: lecturerTitle ? personName(rng) : null,
    lecturerTitle,
  }));
  const ctx: Context = { date: startDate, org, topic: kind.replace(/培训班$/, ''), event: '培训班' };
  const extra = [
    (r: Rng) => {
      const course = r.pick(courses);
      return `${course.lecturer ?? '授课老师'}${course.lecturerTitle ? `（${course.lecturerTitle}）` : ''}以“${course.title}”为题授课，${r.pick(['结合工作实际', '深入浅出', '理论联系实际', '辅以大量案例'])}，${r.pick(['学员们听得认真、记得仔细', '课堂互动热烈', '为学员答疑解惑'])}。`;
    },
    (r: Rng) =>
      `培训采取${r.pick(['专题授课、现场教学和分组研讨相结合', '线上学习与线下集中培训相结合', '理论学习与实践操作相结合'])}的方式，${r.pick(['既有理论高度，又有实践温度', '注重实用性和可操作性', '突出问题导向和需求导向'])}。`,
    (r: Rng) =>
      `学员${personName(r)}说：“${r.pick(['这次培训内容丰富、针对性强，回去后要把学到的知识用到工作中。', '通过几天的学习，对妇联工作有了更深的认识，找准了自己的定位。', '老师讲的案例很接地气，解决了我工作中的很多困惑。'])}”`,
  ];
  const body = markdownBody(rng, length, ctx, extra);
  return { title, kind, org, courses, audience: rng.pick(AUDIENCES), body };
}

// ---------------------------------------------------------------------------------------
// Lectures

const SERIES_TOPICS = bank.seriesTopics;

const LECTURE_SUBJECTS = bank.lectureSubjects;

const SPEAKER_TITLES = bank.speakerTitles;

export function seriesText(rng: Rng, year: number, index: number) {
  const topic = SERIES_TOPICS[index % SERIES_TOPICS.length] as string;
  const name = `${year}年${CITY}${topic}`;
  const description = `${year}年度${topic}由${CITY}妇女联合会与${rng.pick(PARTNERS)}共同主办，面向全市家庭，${rng.pick(['立足学校、依托社区', '线上线下相结合', '走进村居、走进校园'])}，${rng.pick(['普及科学的家庭教育理念和方法', '传播健康知识和法律常识', '帮助妇女提升能力、解决实际困难'])}。`;
  return { name, topic, description };
}

export function lectureText(rng: Rng, seriesTopic: string, date: string, length: number) {
  const subject = rng.pick(LECTURE_SUBJECTS);
  const title = `${seriesTopic}：${subject}`;
  const speakers = Array.from(
    {
      length: rng.weighted([
        [1, 7],
        [2, 3],
      ]),
    },
    () => ({
      name: personName(rng),
      title: rng.chance(0.9) ? rng.pick(SPEAKER_TITLES) : null,
    }),
  );
  const ctx: Context = { date, org: rng.pick(ORGS), topic: seriesTopic.replace(/^.*?“|”.*$/g, ''), event: '公益讲座' };
  const extra = [
    (r: Rng) => {
      const speaker = r.pick(speakers);
      return `${speaker.title ?? '主讲人'}${speaker.name}围绕“${subject}”，${r.pick(['结合生动的案例', '从心理学和教育学的角度', '用通俗易懂的语言', '通过现场互动'])}，${r.pick(['分析了家长们常见的困惑', '讲解了实用的方法和技巧', '分享了自己多年的工作经验', '回答了听众提出的问题'])}。`;
    },
    (r: Rng) =>
      `讲座结束后，${r.pick(['不少家长', '许多听众', '几位妈妈'])}围住主讲老师继续请教，${r.pick(['现场气氛温馨热烈', '交流持续了半个多小时', '纷纷表示受益匪浅'])}。`,
    (r: Rng) =>
      `本场讲座通过${r.pick(['“厦门女性”微信公众号', '网上家长学校', '视频号'])}同步直播，线上观看${r.int(300, 20000)}人次。`,
  ];
  const body = markdownBody(rng, length, ctx, extra);
  return { title, subject, speakers, body };
}

export function venue(rng: Rng): string {
  return rng.chance(0.5) ? rng.pick(PLACES) : `${rng.pick(DISTRICTS)}${rng.pick(COMMUNITIES)}党群服务中心`;
}

const FULL_PARTNERS = bank.fullPartners.map((name) => name.replaceAll('{city}', CITY));

export function organisers(rng: Rng): { name: string; role: '主办' | '承办' | '协办' }[] {
  const main = [{ name: `${CITY}妇女联合会`, role: '主办' as const }];
  if (rng.chance(0.4)) main.push({ name: rng.pick(FULL_PARTNERS), role: '主办' });
  const helpers = rng
    .sample([...DISTRICTS.map((d) => `${d}妇联`), '市家庭教育研究会', '市巾帼志愿者协会', '市妇女儿童活动中心'], rng.int(0, 3))
    .map((name, i) => ({ name, role: i === 0 ? ('承办' as const) : ('协办' as const) }));
  return [...main, ...helpers];
}

// ---------------------------------------------------------------------------------------
// Relief

export const PROGRAMMES = bank.programmes;

export const AGE_BANDS = bank.ageBands;

export function programmeText(name: string): { description: string; eligibility: string } {
  return {
    description: `${name}是妇联组织关爱困难妇女健康的救助项目，帮助罹患恶性肿瘤、家庭经济困难的妇女减轻治疗期间的经济压力。\n\n${CITY}妇联负责救助金的审核和发放，救助金按批次集中发放。每批发放后，网站公布发放金额、救助人数以及按区域、年龄段和癌种统计的汇总情况，不公开任何受助者的个人信息。\n\n项目同时倡导妇女关注自身健康、重视定期检查，做到早发现、早诊断、早治疗。`,
    eligibility:
      '符合以下条件的妇女可以申请：\n\n- 经二级以上医疗机构确诊；\n- 家庭经济困难，难以负担治疗费用；\n- 具有本市户籍或在本市居住满一年。\n\n申请人向所在区妇联提出申请，一般需要准备：\n\n- 申请人身份证明；\n- 医疗机构出具的诊断证明；\n- 家庭经济困难的证明材料。',
  };
}

// ---------------------------------------------------------------------------------------
// Images

const ALT_SUBJECTS = bank.altSubjects;

export function altText(rng: Rng): string {
  return `${rng.pick(ALT_SUBJECTS)}${rng.chance(0.4) ? `（${rng.pick(DISTRICTS)}）` : ''}`;
}
