import type { Rng } from './prng.ts';

/**
 * A bank of phrases from the everyday work of a city Women's Federation, and the rules that
 * compose them into titles, summaries and Markdown bodies. The city is the demo's (the Site
 * settings are copied from cms/data/demo); every person named, every figure and every event
 * is invented. The vocabulary, sentence shapes and lengths follow real federation news.
 */

export const CITY = '厦门市';

export const DISTRICTS = ['思明区', '湖里区', '集美区', '海沧区', '同安区', '翔安区'] as const;

const STREETS = [
  '中华街道',
  '鹭江街道',
  '开元街道',
  '嘉莲街道',
  '莲前街道',
  '江头街道',
  '殿前街道',
  '禾山街道',
  '侨英街道',
  '杏林街道',
  '新阳街道',
  '大同街道',
  '祥平街道',
  '新店街道',
  '马巷街道',
  '灌口镇',
  '后溪镇',
  '汀溪镇',
  '内厝镇',
  '东孚街道',
];

const COMMUNITIES = [
  '海滨社区',
  '金榜社区',
  '湖滨社区',
  '东渡社区',
  '高林社区',
  '枋湖社区',
  '后坑社区',
  '新垵村',
  '军营村',
  '顶村村',
  '莲花社区',
  '前埔社区',
  '杏滨社区',
  '五缘湾社区',
  '龙山社区',
  '西柯社区',
];

const SURNAMES = [
  '林',
  '陈',
  '黄',
  '王',
  '李',
  '张',
  '吴',
  '郑',
  '许',
  '蔡',
  '刘',
  '杨',
  '洪',
  '苏',
  '叶',
  '庄',
  '曾',
  '周',
  '谢',
  '卢',
];
const GIVEN = [
  '丽华',
  '秀英',
  '雅琴',
  '慧敏',
  '晓燕',
  '美玲',
  '淑芬',
  '海燕',
  '春梅',
  '静怡',
  '文娟',
  '丽萍',
  '晓红',
  '玉兰',
  '建华',
  '志强',
  '思雨',
  '婉清',
  '佳宁',
  '若楠',
  '明霞',
  '素琴',
  '艳秋',
  '瑞芳',
];

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

const LEADER_POSTS = [
  '市妇联党组书记、主席',
  '市妇联党组副书记、副主席',
  '市妇联党组成员、副主席',
  '市妇联兼职副主席',
  '市妇联一级调研员',
  '市妇联组织部部长',
  '市妇联宣传部部长',
  '市妇联权益部部长',
  '市妇联家庭和儿童工作部部长',
  '市妇联发展部部长',
];

const ORGS = [
  '市妇联',
  '市妇联',
  '市妇联',
  ...DISTRICTS.map((d) => `${d}妇联`),
  '市妇女儿童活动中心',
  '市家庭教育研究会',
  '市女企业家协会',
  '市女知识分子联谊会',
  '市妇女儿童工作委员会办公室',
  '市巾帼志愿者协会',
];

const PARTNERS = [
  '市教育局',
  '市民政局',
  '市卫生健康委',
  '市人力资源和社会保障局',
  '市总工会',
  '团市委',
  '市文明办',
  '市关工委',
  '市中级人民法院',
  '市公安局',
  '市司法局',
  '市农业农村局',
  '市商务局',
  '市残联',
  '市红十字会',
];

export const PLACES = [
  '市妇女儿童活动中心',
  '市妇联三楼会议室',
  '市行政中心报告厅',
  '市委党校',
  '市图书馆报告厅',
  '市青少年宫',
  '市会展中心',
  '区行政服务中心',
  '社区党群服务中心',
  '新时代文明实践站',
  '市女性创业孵化基地',
  '市家庭教育指导服务中心',
  '区妇女儿童之家',
  '市工人文化宫',
];

const TOPICS = [
  '家庭教育',
  '家庭家教家风建设',
  '妇女儿童权益维护',
  '反家庭暴力',
  '寻找“最美家庭”',
  '巾帼文明岗创建',
  '基层妇联组织建设',
  '妇联执委履职',
  '网上妇联建设',
  '巾帼建功',
  '妇女创业就业',
  '巾帼助力乡村振兴',
  '“两癌”筛查',
  '关爱留守儿童',
  '困难妇女帮扶',
  '婚姻家庭纠纷调解',
  '女性社会组织培育',
  '巾帼志愿服务',
  '“儿童之家”建设',
  '妇女议事会',
  '普法宣传',
  '女性心理健康',
  '春蕾助学',
  '托育服务',
  '新就业形态女性关爱',
  '巾帼家政服务',
  '平安家庭创建',
  '妇女发展纲要实施',
];

const EVENTS = [
  '工作推进会',
  '座谈会',
  '培训班',
  '主题活动',
  '宣传周活动',
  '表彰大会',
  '经验交流会',
  '专题学习会',
  '启动仪式',
  '工作会议',
  '调研活动',
  '现场观摩会',
  '成果展示会',
  '志愿服务活动',
  '公益讲座',
  '分享会',
];

const VERBS = ['召开', '举办', '开展', '组织', '举行'];

const CAMPAIGNS = [
  '巾帼心向党 奋进新征程',
  '最美家庭 幸福鹭江',
  '美好生活 巾帼行动',
  '家风润万家',
  '巾帼暖心 守护成长',
  '书香飘万家',
  '绿色家庭 低碳生活',
  '法治进家庭',
  '巾帼红 文明行',
  '携手同行 共创和谐',
  '春风送岗位',
  '爱心妈妈 结对帮扶',
];

const MEASURES = [
  '切实增强妇联组织的政治性、先进性、群众性',
  '把党的关怀和温暖送到千家万户',
  '推动工作重心下移、资源力量下沉',
  '深化基层妇联组织改革',
  '充分发挥妇联执委在联系服务妇女群众中的作用',
  '注重家庭、注重家教、注重家风',
  '做好困难妇女儿童的关爱帮扶',
  '拓展网上妇联工作阵地',
  '引导广大妇女在新时代建功立业',
  '依法维护妇女儿童合法权益',
  '提升妇女创业就业能力',
  '健全婚姻家庭矛盾纠纷排查化解机制',
  '加强家庭教育指导服务体系建设',
  '培育和扶持女性社会组织',
  '推动妇女发展纲要各项目标落地见效',
  '打造一批有影响力的巾帼志愿服务品牌',
  '把联系服务妇女群众的触角延伸到最基层',
  '用好“妇女之家”“儿童之家”等服务阵地',
  '推动各项政策措施惠及更多妇女群众',
  '广泛宣传妇女权益保障法和反家庭暴力法',
  '加强对新就业形态女性的联系服务',
  '推动婚育友好型社会建设',
];

const ASPECTS = [
  '提高政治站位',
  '突出工作重点',
  '强化工作保障',
  '坚持问题导向',
  '创新工作方法',
  '加强协作联动',
  '注重宣传引导',
  '压实工作责任',
  '夯实基层基础',
  '扩大覆盖面和影响力',
];

const SECTION_HEADINGS = [
  '活动概况',
  '会议要求',
  '工作成效',
  '主要做法',
  '活动亮点',
  '与会人员发言',
  '基层声音',
  '经验交流',
  '工作部署',
  '背景链接',
  '群众反响',
];

const FEELINGS = [
  '大家纷纷表示，这次活动形式新颖、内容实在，收获很大。',
  '参加活动的妇女群众表示，家门口就能学到实用的知识，感到很贴心。',
  '与会代表一致认为，会议主题鲜明、部署具体，对做好今后工作很有指导意义。',
  '不少家长在活动结束后仍围着老师交流，希望这样的活动能多办几场。',
  '一位参加活动的社区妈妈说：“妇联就是我们的娘家，有困难第一个想到的就是妇联。”',
  '现场气氛热烈，互动环节提问踊跃，原定的时间一再延长。',
  '受助妇女的家属专门写来感谢信，感谢妇联组织雪中送炭。',
];

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

const LAWS = [
  ['中华人民共和国妇女权益保障法', 'fl/fnqybzf'],
  ['中华人民共和国反家庭暴力法', 'fl/fjtblf'],
  ['中华人民共和国家庭教育促进法', 'fl/jtjycjf'],
  ['中国妇女发展纲要（2021—2030年）', 'gy/fngy2030'],
  ['中国儿童发展纲要（2021—2030年）', 'gy/etgy2030'],
  ['关于指导推进家庭教育的五年规划', 'gh/jtjy5n'],
] as const;

export const CATEGORIES = [
  { name: '工作动态', slug: 'gong-zuo-dong-tai', weight: 40 },
  { name: '党建工作', slug: 'dang-jian-gong-zuo', weight: 8 },
  { name: '组织建设', slug: 'zu-zhi-jian-she', weight: 10 },
  { name: '家庭教育', slug: 'jia-ting-jiao-yu', weight: 14 },
  { name: '权益维护', slug: 'quan-yi-wei-hu', weight: 12 },
  { name: '交流合作', slug: 'jiao-liu-he-zuo', weight: 6 },
  { name: '基层风采', slug: 'ji-ceng-feng-cai', weight: 7 },
  { name: '通知公告', slug: 'tong-zhi-gong-gao', weight: 3 },
] as const;

export const SOURCES = [
  '市妇联办公室',
  '市妇联组织部',
  '市妇联宣传部',
  '市妇联权益部',
  '市妇联家庭和儿童工作部',
  '市妇联发展部',
  ...DISTRICTS.map((d) => `${d}妇联`),
  '市妇女儿童活动中心',
];

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

const TRAINING_KINDS = [
  '妇联干部履职能力提升培训班',
  '基层妇联主席培训班',
  '妇联执委培训班',
  '家庭教育指导师培训班',
  '巾帼家政服务技能培训班',
  '女性创业能力提升培训班',
  '巾帼电商直播培训班',
  '婚姻家庭纠纷调解员培训班',
  '反家暴业务骨干培训班',
  '女性社会组织负责人培训班',
  '妇联信息宣传员培训班',
  '“儿童之家”工作人员培训班',
  '新就业形态女性技能培训班',
  '农村妇女实用技术培训班',
];

const COURSES = [
  ['习近平关于注重家庭家教家风建设重要论述学习', '市委党校教授'],
  ['妇联组织改革与基层妇联建设', '省妇联组织部负责同志'],
  ['妇女儿童权益保障及反家暴相关政策解读', '市中级人民法院法官'],
  ['家庭教育促进法解读', '高校教育学院副教授'],
  ['妇联工作与社会治理创新', '市委党校副教授'],
  ['政府购买服务项目的设计与管理', '社会工作机构督导'],
  ['新媒体宣传与网上妇联建设', '报社新媒体中心主任'],
  ['婚姻家庭矛盾纠纷调解技巧', '资深人民调解员'],
  ['女性创业政策与融资渠道', '市人社局就业处负责同志'],
  ['直播带货实务与案例分析', '电商企业运营总监'],
  ['家政服务规范与母婴护理', '家政服务培训学校讲师'],
  ['女性心理健康与压力调适', '国家二级心理咨询师'],
  ['“两癌”防治知识', '市妇幼保健院主任医师'],
  ['儿童发展与亲子沟通', '家庭教育指导师'],
  ['公文写作与信息报送', '市委办公厅秘书处负责同志'],
  ['项目化运作与公益创投', '市社会组织孵化中心主任'],
  ['现场教学：社区“妇女之家”阵地建设', '社区妇联主席'],
  ['分组研讨与成果交流', null],
] as const;

const AUDIENCES = [
  '各区妇联主席、分管副主席，各镇（街）妇联主席',
  '全市村（社区）妇联主席、执委代表',
  '市直机关妇工委负责人，各高校妇女组织负责人',
  '有创业意愿的城乡妇女、返乡创业女大学生',
  '家庭教育讲师团成员、中小学心理教师',
  '女性社会组织负责人和骨干',
  '各区妇联信息员、社区妇联宣传委员',
  '有就业意愿的城乡妇女',
];

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

const SERIES_TOPICS = [
  '百场家庭教育公益讲座',
  '“家长学校”公益讲座',
  '女性健康大讲堂',
  '“法治进家庭”普法讲座',
  '巾帼创业大讲堂',
  '“书香飘万家”亲子阅读讲座',
  '“心灵港湾”心理健康讲座',
  '“好家风”宣讲',
  '婚姻家庭辅导讲座',
  '“护苗”儿童安全讲座',
];

const LECTURE_SUBJECTS = [
  '如何陪伴青春期的孩子',
  '做智慧父母，育健康孩子',
  '幼小衔接，家长准备什么',
  '手机与孩子：规则怎样定',
  '好家风从日常小事做起',
  '夫妻沟通的艺术',
  '隔代教养的困惑与对策',
  '孩子的情绪管理',
  '女性常见病的预防与早筛',
  '更年期女性的身心调适',
  '《民法典》婚姻家庭编与你我',
  '遭遇家庭暴力怎么办',
  '从零开始开网店',
  '亲子共读的方法',
  '如何培养孩子的好习惯',
  '家庭理财与防范诈骗',
  '儿童防性侵安全教育',
  '职场妈妈的时间管理',
];

const SPEAKER_TITLES = [
  '国家二级心理咨询师',
  '家庭教育指导师',
  '高校教育学院教授',
  '市妇幼保健院主任医师',
  '律师事务所律师',
  '市家庭教育研究会讲师团成员',
  '中学高级教师',
  '婚姻家庭咨询师',
  '儿童发展研究中心研究员',
];

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

const FULL_PARTNERS = [
  `${CITY}教育局`,
  `${CITY}民政局`,
  `${CITY}卫生健康委员会`,
  `${CITY}总工会`,
  `共青团${CITY}委员会`,
  `${CITY}关心下一代工作委员会`,
  `${CITY}司法局`,
  `中共${CITY}委文明办`,
];

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

export const PROGRAMMES = [
  {
    name: '贫困妇女“四癌”救助',
    slug: 'siai-jiuzhu',
    cancers: ['乳腺癌', '宫颈癌', '卵巢癌', '子宫癌'],
    perPerson: [8000, 12000],
  },
  { name: '农村妇女“两癌”救助', slug: 'liangai-jiuzhu', cancers: ['乳腺癌', '宫颈癌'], perPerson: [10000, 10000] },
  {
    name: '困难妇女重大疾病医疗救助',
    slug: 'zhongda-jibing-jiuzhu',
    cancers: ['乳腺癌', '宫颈癌', '卵巢癌', '子宫癌', '其他恶性肿瘤'],
    perPerson: [3000, 20000],
  },
] as const;

export const AGE_BANDS = ['20-29岁', '30-39岁', '40-49岁', '50-59岁', '60-69岁', '70岁及以上'] as const;

export function programmeText(name: string): { description: string; eligibility: string } {
  return {
    description: `${name}是妇联组织关爱困难妇女健康的救助项目，帮助罹患恶性肿瘤、家庭经济困难的妇女减轻治疗期间的经济压力。\n\n${CITY}妇联负责救助金的审核和发放，救助金按批次集中发放。每批发放后，网站公布发放金额、救助人数以及按区域、年龄段和癌种统计的汇总情况，不公开任何受助者的个人信息。\n\n项目同时倡导妇女关注自身健康、重视定期检查，做到早发现、早诊断、早治疗。`,
    eligibility:
      '符合以下条件的妇女可以申请：\n\n- 经二级以上医疗机构确诊；\n- 家庭经济困难，难以负担治疗费用；\n- 具有本市户籍或在本市居住满一年。\n\n申请人向所在区妇联提出申请，一般需要准备：\n\n- 申请人身份证明；\n- 医疗机构出具的诊断证明；\n- 家庭经济困难的证明材料。',
  };
}

// ---------------------------------------------------------------------------------------
// Images

const ALT_SUBJECTS = [
  '市妇联干部在社区开展家庭教育宣传',
  '巾帼志愿者为老人测量血压',
  '基层妇联执委在培训班上分组讨论',
  '“最美家庭”代表在表彰大会上合影',
  '妇女群众在创业孵化基地学习直播带货',
  '律师在“妇女之家”为群众解答法律问题',
  '家长和孩子在亲子阅读活动中共读绘本',
  '会议现场，与会人员认真听讲',
  '培训学员在课堂上做笔记',
  '讲座现场座无虚席',
  '志愿者向居民发放反家暴宣传资料',
  '女企业家在座谈会上交流发言',
  '妇联工作人员走访慰问困难妇女',
  '“儿童之家”里孩子们在做手工',
];

export function altText(rng: Rng): string {
  return `${rng.pick(ALT_SUBJECTS)}${rng.chance(0.4) ? `（${rng.pick(DISTRICTS)}）` : ''}`;
}
