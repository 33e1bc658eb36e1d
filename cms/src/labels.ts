/**
 * What editors read in the admin: the Chinese label and help text of every field, by
 * content type or component. Validation messages name fields by these same labels.
 */
export type FieldLabels = Record<string, [label: string, help: string]>;

const IMAGE_HELP = '建议横幅图片（宽 1200 像素以上）；上传后请在媒体库填写“替代文字”，描述图片内容';
const SLUG_HELP = '网址中使用的英文名，留空则按标题拼音自动生成；发布后不能修改，以免链接失效';
const BODY_HELP = '正文使用 Markdown 格式：空一行分段，## 小标题，- 列表';
const SUMMARY_HELP = '一两句话概括全文，用于列表、订阅源和搜索结果，最多 300 字';

export const LABELS: Record<string, FieldLabels> = {
  'api::news.news': {
    title: ['标题', '新闻标题，最多 120 字'],
    slug: ['网址名', SLUG_HELP],
    date: ['日期', '活动或事件发生的日期（不是发布时间）'],
    summary: ['摘要', SUMMARY_HELP],
    body: ['正文', BODY_HELP],
    source: ['来源', '发稿部门，如“市妇联办公室”'],
    cover: ['封面图片', IMAGE_HELP],
    category: ['分类', '新闻所属栏目，如工作动态、党建工作'],
  },
  'api::category.category': {
    name: ['分类名称', '如“工作动态”，最多 20 字，不能重复'],
    slug: ['网址名', SLUG_HELP],
    news: ['新闻', '属于此分类的新闻'],
  },
  'api::training.training': {
    title: ['培训名称', '如“全市妇联系统干部履职提升培训班”'],
    slug: ['网址名', SLUG_HELP],
    startDate: ['开始日期', '培训第一天'],
    endDate: ['结束日期', '培训最后一天，不能早于开始日期；一天的培训与开始日期相同'],
    venue: ['地点', '如“市妇女儿童活动中心”'],
    organisers: ['组织单位', '主办、承办、协办单位，可添加多个'],
    host: ['主持', '主持人姓名和职务'],
    participantCount: ['参加人数', '约数也可，填整数'],
    audience: ['参加对象', '如“各区妇联主席、兼职副主席”'],
    courses: ['课程安排', '每门课的题目、授课人及其职务或单位'],
    summary: ['摘要', SUMMARY_HELP],
    body: ['正文', BODY_HELP],
    cover: ['封面图片', IMAGE_HELP],
  },
  'api::lecture-series.lecture-series': {
    name: ['系列名称', '如“2018年厦门市百场家庭教育公益讲座”'],
    slug: ['网址名', SLUG_HELP],
    plannedCount: ['计划场次', '整个系列计划举办的讲座场数，网站显示“已举办 N / 计划场次”'],
    description: ['系列介绍', '系列的主题、主办方和面向对象'],
    lectures: ['讲座', '属于此系列的讲座'],
  },
  'api::lecture.lecture': {
    title: ['讲座题目', '讲座的题目或活动名称'],
    slug: ['网址名', SLUG_HELP],
    startsAt: ['时间', '讲座开始的日期和时间（北京时间）'],
    venue: ['地点', '如“厦门市金尚中学”'],
    speakers: ['主讲人', '主讲人姓名及职称或单位，可添加多位'],
    series: ['所属系列', '如属于系列讲座，请选择系列'],
    organisers: ['组织单位', '主办、承办、协办单位，可添加多个'],
    audience: ['听众对象', '如“家长、德育教师”'],
    attendance: ['参加人数', '实际到场人数，填整数'],
    summary: ['摘要', SUMMARY_HELP],
    body: ['正文', BODY_HELP],
    cover: ['封面图片', IMAGE_HELP],
  },
  'api::relief-programme.relief-programme': {
    name: ['项目名称', '如“贫困妇女“四癌”救助”'],
    slug: ['网址名', SLUG_HELP],
    description: ['项目说明', '项目的目的、资金来源和救助标准'],
    eligibility: ['申请条件', '谁可以申请、需要哪些材料'],
    batches: ['发放批次', '此项目的各次发放'],
  },
  'api::relief-batch.relief-batch': {
    title: ['标题', '如“2018年第三批贫困妇女“四癌”救助金发放”'],
    slug: ['网址名', SLUG_HELP],
    programme: ['救助项目', '这次发放属于哪个救助项目（必选）'],
    year: ['年度', '四位数年份，如 2018'],
    batchNumber: ['批次', '当年第几批，填数字：第三批填 3'],
    disbursementDate: ['发放日期', '救助金发放的日期'],
    amount: ['发放金额（元）', '精确到分，如 146122.00（即 14.6122 万元）'],
    recipientCount: ['救助人数', '本批救助的总人数；三项分布的人数合计都必须等于它'],
    byDistrict: ['区域分布', '各区人数，如“思明区 1”；合计须等于救助人数'],
    byAgeBand: ['年龄分布', '各年龄段人数，如“40-49岁 5”；合计须等于救助人数'],
    byCancerType: ['癌种分类', '各癌种人数，如“乳腺癌 6”；合计须等于救助人数'],
    summary: ['摘要', '一两句话说明本批发放，用于列表和订阅源'],
    body: ['说明', '补充说明（可选），请勿填写受助者姓名、身份证号等个人信息'],
  },
  'api::site-setting.site-setting': {
    siteName: ['网站名称', '如“厦门市妇女联合会”'],
    shortName: ['简称', '如“厦门市妇联”'],
    description: ['网站简介', '用于搜索引擎和分享，最多 200 字'],
    siteDomain: ['网站域名', '如 www.xmwomen.gov.cn，用于 SiteDomain 元数据'],
    address: ['地址', '页脚显示的办公地址'],
    postcode: ['邮编', '6 位数字'],
    phone: ['联系电话', '页脚显示的电话'],
    email: ['电子邮箱', '公开的联系邮箱'],
    icpNumber: ['ICP 备案号', '如“闽ICP备XXXXXXXX号”，页脚链接到工信部备案网站'],
    psbNumber: ['公安备案号', '如“闽公网安备 35020302000000号”'],
    psbRecordCode: ['公安备案编码', '公安备案号中的 14 位数字，用于链接备案查询'],
    siteIdCode: ['网站标识码', '政府网站标识码，10 位'],
    navigation: ['主导航', '网站顶部导航的栏目和链接'],
    sponsor: ['主办单位', '页脚“主办单位”一行，如“厦门市妇女联合会”；留空则显示网站名称'],
    emblem: ['网站标志', '页头网站名称左侧的徽标（如妇联会徽），正方形 PNG 最佳；可不填'],
    errorReportUrl: ['找错链接', '页脚“找错”链接：邮箱（mailto:地址）或纠错表单网址（https://…）；留空则使用上面的电子邮箱'],
  },
  'training.course': {
    title: ['课程题目', '课程名称'],
    lecturer: ['授课人', '授课人姓名'],
    lecturerTitle: ['授课人职务或单位', '如“市委党校教授”'],
  },
  'event.organiser': {
    name: ['单位名称', '如“厦门市妇女联合会”'],
    role: ['角色', '主办、承办或协办'],
  },
  'event.speaker': {
    name: ['姓名', '主讲人姓名'],
    title: ['职称或单位', '如“集美大学副教授”'],
  },
  'relief.breakdown-row': {
    label: ['类别', '如“思明区”“40-49岁”“乳腺癌”；同一分布中不能重复，不得填写个人信息'],
    count: ['人数', '不小于 0 的整数'],
  },
  'site.nav-link': {
    label: ['栏目名称', '导航中显示的文字'],
    url: ['链接', '站内路径如 /news/，或完整网址'],
  },
};

/** A field's Chinese label, for messages; the attribute name if none is set. */
export function labelOf(uid: string, field: string): string {
  return LABELS[uid]?.[field]?.[0] ?? field;
}
