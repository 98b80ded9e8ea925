/** The demo organization: a cosmetics brand preparing its Double 12 (双十二) live sessions. */

export const DEMO_ORGANIZATION = '花漾美妆 Bloom Beauty';

export interface DemoProduct {
  sku: string;
  title: string;
  category: string;
  priceAmount: number;
  listPriceAmount: number;
  stock: number;
  audienceTags: string[];
  sellingPoints: string[];
}

const product = (
  sku: string,
  title: string,
  category: string,
  price: number,
  listPrice: number,
  stock: number,
  audienceTags: string[],
  sellingPoints: string[],
): DemoProduct => ({ sku, title, category, priceAmount: price * 100, listPriceAmount: listPrice * 100, stock, audienceTags, sellingPoints });

export const DEMO_PRODUCTS: DemoProduct[] = [
  product('BB-LIP-01', '丝绒雾面口红 #01 正红', '彩妆/口红', 89, 129, 1200, ['年轻女性', '学生党'], ['哑光不拔干', '持妆8小时', '黄皮显白']),
  product('BB-LIP-02', '水光镜面唇釉 #08 蜜桃', '彩妆/唇釉', 79, 119, 900, ['年轻女性', '学生党'], ['水润镜面', '不沾杯']),
  product('BB-LIP-03', '润唇膏 三支装', '护肤/唇部', 49, 69, 2000, ['学生党', '男士'], ['无色滋润', '秋冬必备']),
  product('BB-FND-01', '轻透持妆粉底液 30ml', '彩妆/底妆', 199, 269, 600, ['职场女性', '油皮'], ['控油12小时', '轻薄不假面']),
  product('BB-FND-02', '气垫BB霜 替换装', '彩妆/底妆', 159, 219, 700, ['职场女性', '干皮'], ['保湿不卡粉', '自然遮瑕']),
  product('BB-CON-01', '遮瑕盘 三色', '彩妆/遮瑕', 99, 139, 500, ['职场女性'], ['遮黑眼圈', '遮痘印']),
  product('BB-EYE-01', '九色大地色眼影盘', '彩妆/眼部', 139, 199, 800, ['年轻女性', '新手化妆'], ['日常百搭', '粉质细腻']),
  product('BB-EYE-02', '防水速干眼线笔', '彩妆/眼部', 59, 89, 1500, ['年轻女性', '新手化妆'], ['防水防汗', '一笔成型']),
  product('BB-EYE-03', '纤长卷翘睫毛膏', '彩妆/眼部', 79, 109, 1100, ['年轻女性'], ['不晕染', '温水可卸']),
  product('BB-SER-01', '玻尿酸补水精华 30ml', '护肤/精华', 229, 329, 650, ['干皮', '敏感肌', '职场女性'], ['三重玻尿酸', '敏感肌可用']),
  product('BB-SER-02', '烟酰胺亮肤精华 30ml', '护肤/精华', 259, 359, 550, ['职场女性', '暗沉肌'], ['5%烟酰胺', '28天提亮']),
  product('BB-SER-03', '视黄醇抗初老精华', '护肤/精华', 299, 429, 400, ['熟龄肌', '职场女性'], ['A醇缓释', '淡化细纹']),
  product('BB-CRM-01', '神经酰胺修护面霜 50g', '护肤/面霜', 199, 289, 700, ['敏感肌', '干皮'], ['修护屏障', '无香精']),
  product('BB-CRM-02', '清爽控油乳液', '护肤/乳液', 129, 179, 800, ['油皮', '男士'], ['清爽不黏', '控油保湿']),
  product('BB-MSK-01', '补水面膜 10片装', '护肤/面膜', 99, 159, 3000, ['学生党', '干皮'], ['一片补水', '精华液满满']),
  product('BB-MSK-02', '清洁泥膜 100g', '护肤/面膜', 89, 129, 1200, ['油皮', '男士'], ['深层清洁', '收缩毛孔']),
  product('BB-SUN-01', '轻薄防晒乳 SPF50+', '护肤/防晒', 119, 169, 900, ['户外', '学生党', '职场女性'], ['PA++++', '不泛白']),
  product('BB-CLN-01', '氨基酸洁面 120g', '护肤/洁面', 69, 99, 2500, ['敏感肌', '学生党'], ['温和不紧绷', '绵密泡沫']),
  product('BB-SET-01', '双十二限定礼盒', '套装/礼盒', 499, 799, 300, ['职场女性', '送礼'], ['精华+面霜+口红', '限定包装']),
  product('BB-TOL-01', '化妆刷 12支套装', '工具/刷具', 129, 199, 400, ['新手化妆', '年轻女性'], ['人造纤维', '不吃粉']),
];

export interface DemoHost {
  name: string;
  platformAccounts: { platform: string; handle: string; followers: number }[];
  styleTags: string[];
  audienceTags: string[];
  languages: string[];
  costPerHourAmount: number;
  availability: { weekday: number; startMinute: number; endMinute: number }[];
  training: { topic: string; daysAgo: number; trainer: string; score: number; notes: string }[];
}

const evenings = (days: number[], start = 18 * 60, end = 24 * 60) => days.map((weekday) => ({ weekday, startMinute: start, endMinute: end }));

export const DEMO_HOSTS: DemoHost[] = [
  {
    name: '小雅 Xiaoya',
    platformAccounts: [
      { platform: 'DOUYIN', handle: '@xiaoya_beauty', followers: 1_250_000 },
      { platform: 'XIAOHONGSHU', handle: '小雅爱化妆', followers: 320_000 },
    ],
    styleTags: ['亲和', '专业测评', '快节奏'],
    audienceTags: ['年轻女性', '学生党', '新手化妆'],
    languages: ['zh-CN'],
    costPerHourAmount: 800_000,
    availability: evenings([1, 2, 3, 4, 5, 6, 7]),
    training: [
      { topic: 'PRODUCT_KNOWLEDGE', daysAgo: 30, trainer: '产品经理 周敏', score: 92, notes: '精华成分讲解清晰' },
      { topic: 'SALES_TECHNIQUE', daysAgo: 14, trainer: '运营总监 陈立', score: 88, notes: '逼单节奏可再紧凑' },
      { topic: 'RUN_OF_SHOW', daysAgo: 3, trainer: '运营 李娜', score: 95, notes: '双十二脚本彩排' },
    ],
  },
  {
    name: '阿杰 Ajie',
    platformAccounts: [{ platform: 'DOUYIN', handle: '@ajie_skin', followers: 410_000 }],
    styleTags: ['幽默', '成分党'],
    audienceTags: ['男士', '油皮', '职场女性'],
    languages: ['zh-CN'],
    costPerHourAmount: 350_000,
    availability: evenings([1, 3, 5, 6], 19 * 60, 23 * 60),
    training: [
      { topic: 'PRODUCT_KNOWLEDGE', daysAgo: 21, trainer: '产品经理 周敏', score: 85, notes: '控油系列' },
      { topic: 'SALES_TECHNIQUE', daysAgo: 7, trainer: '运营总监 陈立', score: 80, notes: '互动话术练习' },
    ],
  },
  {
    name: 'Lily 李莉',
    platformAccounts: [
      { platform: 'TAOBAO_LIVE', handle: 'lily_glow', followers: 180_000 },
      { platform: 'WECHAT_CHANNELS', handle: 'LilyGlow', followers: 95_000 },
    ],
    styleTags: ['高级感', '双语', '知性'],
    audienceTags: ['职场女性', '熟龄肌', '送礼'],
    languages: ['zh-CN', 'en'],
    costPerHourAmount: 500_000,
    availability: evenings([2, 4, 6, 7], 14 * 60, 22 * 60),
    training: [
      { topic: 'RUN_OF_SHOW', daysAgo: 10, trainer: '运营 李娜', score: 90, notes: '礼盒专场流程' },
      { topic: 'OTHER', daysAgo: 40, trainer: '外部讲师 王老师', score: 86, notes: '直播合规与广告法' },
    ],
  },
];
