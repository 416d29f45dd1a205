import { v5 as uuidv5 } from 'uuid';
import { AssetCommands, type NewCard } from '../../commands/assets/asset-commands';
import { AssetKit, NS, type AssetContext } from '../../commands/assets/kit';
import { PurchaseCommands } from '../../commands/assets/purchase-commands';
import { StockTakeCommands } from '../../commands/assets/stocktake-commands';
import { shanghaiDate, type BookEntry } from '../../domain/assets';
import { DomainError } from '../../domain/shared/errors';
import type { Platform } from '../platform';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';

/**
 * 资产 demo (seed.demo, with the demo district's year of activity — DEMO_HISTORY; API tests count
 * exactly and run without it): the registers of 区财政局 (资产管理员 杨帆) and 区人社局 (华振) — computers,
 * printers, furniture, a car — acquired over the past years, most issued to their custodians (许文博 `staff`
 * holds a desktop and a laptop, 局长 `director` the car), one lent, one under repair, a transfer from
 * 区财政局 to 区人社局 waiting for approval, a purchase request waiting for the 部门负责人, and an open
 * 2026 stock-take of 预算科 that 朱丽 ticks on the phone. Every step goes through the command pipeline
 * with fixed command ids (a second run changes nothing).
 */
interface Spec {
  code: string;
  name: string;
  spec: string;
  unit: string;
  fen: number;
  yearsAgo: number;
  month: number;
  dept: string | null;
  custodian: string | null;
  location: string;
}

const CZJ: Spec[] = [
  {
    code: 'A02010104',
    name: '台式计算机',
    spec: '联想 启天 M720',
    unit: '台',
    fen: 560_000,
    yearsAgo: 2,
    month: 3,
    dept: 'czj-ysk',
    custodian: 'staff',
    location: '财政局 402 室',
  },
  {
    code: 'A02010105',
    name: '便携式计算机',
    spec: 'ThinkPad X1 Carbon',
    unit: '台',
    fen: 980_000,
    yearsAgo: 1,
    month: 9,
    dept: 'czj-ysk',
    custodian: 'staff',
    location: '财政局 402 室',
  },
  {
    code: 'A02010104',
    name: '台式计算机',
    spec: '联想 启天 M720',
    unit: '台',
    fen: 560_000,
    yearsAgo: 2,
    month: 3,
    dept: 'czj-ysk',
    custodian: 'you-jia',
    location: '财政局 402 室',
  },
  {
    code: 'A02010104',
    name: '台式计算机',
    spec: '华为 擎云 W515',
    unit: '台',
    fen: 620_000,
    yearsAgo: 1,
    month: 5,
    dept: 'czj-ysk',
    custodian: 'qin-tao',
    location: '财政局 401 室',
  },
  {
    code: 'A02020400',
    name: '激光打印机',
    spec: '奔图 P3325DN',
    unit: '台',
    fen: 238_000,
    yearsAgo: 3,
    month: 6,
    dept: 'czj-ysk',
    custodian: 'you-jia',
    location: '财政局 402 室',
  },
  {
    code: 'A05010000',
    name: '办公桌',
    spec: '1.6 米钢木',
    unit: '张',
    fen: 168_000,
    yearsAgo: 5,
    month: 1,
    dept: 'czj-ysk',
    custodian: 'staff',
    location: '财政局 402 室',
  },
  {
    code: 'A05010000',
    name: '文件柜',
    spec: '五节钢制',
    unit: '组',
    fen: 126_000,
    yearsAgo: 5,
    month: 1,
    dept: 'czj-ysk',
    custodian: 'you-jia',
    location: '财政局 402 室',
  },
  {
    code: 'A02010104',
    name: '台式计算机',
    spec: '联想 启天 M720',
    unit: '台',
    fen: 560_000,
    yearsAgo: 2,
    month: 3,
    dept: 'czj-gkk',
    custodian: 'he-jing',
    location: '财政局 305 室',
  },
  {
    code: 'A02010104',
    name: '台式计算机',
    spec: '联想 启天 M720',
    unit: '台',
    fen: 560_000,
    yearsAgo: 2,
    month: 3,
    dept: 'czj-gkk',
    custodian: 'lv-peng',
    location: '财政局 305 室',
  },
  {
    code: 'A02020100',
    name: '复印机',
    spec: '理光 IM C3000',
    unit: '台',
    fen: 3_680_000,
    yearsAgo: 4,
    month: 11,
    dept: 'czj-bgs',
    custodian: 'zhu-li',
    location: '财政局 201 室',
  },
  {
    code: 'A02020800',
    name: '投影仪',
    spec: '爱普生 CB-2247U',
    unit: '台',
    fen: 760_000,
    yearsAgo: 3,
    month: 4,
    dept: 'czj-bgs',
    custodian: 'zhu-li',
    location: '第一会议室',
  },
  {
    code: 'A02030500',
    name: '乘用车',
    spec: '比亚迪 汉 EV',
    unit: '辆',
    fen: 25_980_000,
    yearsAgo: 2,
    month: 8,
    dept: 'czj-ld',
    custodian: 'director',
    location: '机关车库',
  },
  {
    code: 'A02010301',
    name: '服务器',
    spec: '华为 FusionServer 2288H',
    unit: '台',
    fen: 6_850_000,
    yearsAgo: 3,
    month: 10,
    dept: 'czj-kjk',
    custodian: 'shi-yun',
    location: '财政局机房',
  },
  {
    code: 'A02010105',
    name: '便携式计算机',
    spec: '华为 MateBook X',
    unit: '台',
    fen: 860_000,
    yearsAgo: 1,
    month: 2,
    dept: null,
    custodian: null,
    location: '资产库房',
  },
  {
    code: 'A02020800',
    name: '投影仪',
    spec: '明基 E580',
    unit: '台',
    fen: 420_000,
    yearsAgo: 2,
    month: 6,
    dept: null,
    custodian: null,
    location: '资产库房',
  },
  {
    code: 'A05020000',
    name: '会议椅',
    spec: '网布',
    unit: '把',
    fen: 48_000,
    yearsAgo: 4,
    month: 3,
    dept: 'czj-bgs',
    custodian: 'yang-fan',
    location: '第一会议室',
  },
];
const RSJ: Spec[] = [
  {
    code: 'A02010104',
    name: '台式计算机',
    spec: '联想 启天 M720',
    unit: '台',
    fen: 560_000,
    yearsAgo: 2,
    month: 4,
    dept: 'rsj-jyk',
    custodian: 'tao-ran',
    location: '人社局 203 室',
  },
  {
    code: 'A02010104',
    name: '台式计算机',
    spec: '联想 启天 M720',
    unit: '台',
    fen: 560_000,
    yearsAgo: 2,
    month: 4,
    dept: 'rsj-jyk',
    custodian: 'jiang-lan',
    location: '人社局 203 室',
  },
  {
    code: 'A02010105',
    name: '便携式计算机',
    spec: 'ThinkPad T14',
    unit: '台',
    fen: 720_000,
    yearsAgo: 1,
    month: 7,
    dept: 'rsj-sbk',
    custodian: 'xie-na',
    location: '人社局 305 室',
  },
  {
    code: 'A02020400',
    name: '激光打印机',
    spec: '惠普 M406dn',
    unit: '台',
    fen: 265_000,
    yearsAgo: 3,
    month: 2,
    dept: 'rsj-sbk',
    custodian: 'zou-kai',
    location: '人社局 305 室',
  },
  {
    code: 'A05010000',
    name: '办公桌',
    spec: '1.4 米',
    unit: '张',
    fen: 152_000,
    yearsAgo: 6,
    month: 5,
    dept: 'rsj-bgs',
    custodian: 'jin-yue',
    location: '人社局 101 室',
  },
  {
    code: 'A02080000',
    name: '视频会议终端',
    spec: '华为 Box 600',
    unit: '套',
    fen: 1_980_000,
    yearsAgo: 2,
    month: 9,
    dept: 'rsj-bgs',
    custodian: 'hua-zhen',
    location: '人社局会议室',
  },
  {
    code: 'A02030500',
    name: '乘用车',
    spec: '广汽 埃安 S',
    unit: '辆',
    fen: 15_800_000,
    yearsAgo: 4,
    month: 6,
    dept: 'rsj-ld',
    custodian: 'cao-jun',
    location: '机关车库',
  },
];

export async function seedAssetDemo(p: Platform, log: (msg: string) => void): Promise<void> {
  if (!p.config.demoHistory) return;
  const kit = new AssetKit(p.commands, { calendar: PUBLIC_HOLIDAYS });
  await kit.ensureSeeded();
  const assets = new AssetCommands(kit);
  const today = shanghaiDate(p.clock().toISOString());
  const year = Number(today.slice(0, 4));
  const id = (k: string) => uuidv5(`demo-asset:${k}`, NS);
  const ctx = (actorId: string, unitId: string, departmentId: string, step: string): AssetContext => ({
    actorId,
    unitId,
    departmentId,
    correlationId: uuidv5('demo-assets', NS),
    commandId: uuidv5(`demo-assets:${step}`, NS),
  });
  const ignoreRule = async (f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (e) {
      if (!(e instanceof DomainError)) throw e; // a rerun over a later state: nothing to do
    }
  };
  let made = 0;
  for (const [unitId, admin, adminDept, list] of [
    ['czj', 'yang-fan', 'czj-bgs', CZJ],
    ['rsj', 'hua-zhen', 'rsj-bgs', RSJ],
  ] as const) {
    const cards: NewCard[] = list.map((s) => ({
      categoryCode: s.code,
      card: {
        name: s.name,
        specification: s.spec,
        serialNumber: '',
        quantity: 1,
        measureUnit: s.unit,
        originalValue: s.fen,
        acquisitionDate: `${year - s.yearsAgo}-${String(s.month).padStart(2, '0')}-15`,
        fundingSource: '财政拨款',
        supplier: '区政府采购中心',
        warrantyEnd: '',
        location: s.location,
        photos: [],
      },
      custody: { unitId, departmentId: null, custodianId: null },
    }));
    const ids = list.map((_, i) => id(`${unitId}:${i}`));
    const c = ctx(admin, unitId, adminDept, `${unitId}:register`);
    made += (await assets.registerMany(cards, c, { type: 'import', id: `demo-${unitId}` }, ids)).filter((r) => !r.duplicate).length;
    for (const [i, s] of list.entries()) {
      if (!s.dept || !s.custodian) continue;
      await ignoreRule(() =>
        assets.issue(
          ids[i]!,
          { departmentId: s.dept!, departmentUnitId: unitId, custodianId: s.custodian! },
          ctx(admin, unitId, adminDept, `${unitId}:issue:${i}`),
        ),
      );
    }
  }
  const due = shanghaiDate(new Date(Date.parse(`${today}T04:00:00Z`) + 7 * 86_400_000).toISOString());
  const czj = (step: string) => ctx('yang-fan', 'czj', 'czj-bgs', step);
  // 借用: the spare laptop to 吕鹏 for a week; 维修: the 复印机; a transfer of the spare projector to 区人社局 waiting for approval
  await ignoreRule(() => assets.lend(id('czj:13'), { borrowerId: 'lv-peng', borrowerDepartmentId: 'czj-gkk', dueDate: due }, czj('lend')));
  await ignoreRule(() => assets.requestRepair(id('czj:9'), { fault: '卡纸频繁，彩色打印偏色' }, ctx('zhu-li', 'czj', 'czj-bgs', 'repair')));
  await ignoreRule(() =>
    assets.requestTransfer(
      id('czj:14'),
      { to: { unitId: 'rsj', departmentId: 'rsj-jyk', custodianId: 'tao-ran' }, reason: '支援就业服务大厅' },
      czj('transfer'),
    ),
  );
  // 采购: 许文博 asks for two monitors (waiting for 秦涛, 部门负责人)
  const purchases = new PurchaseCommands(kit, assets);
  await ignoreRule(() =>
    purchases.request(
      {
        title: '预算科显示器更新',
        budgetLine: `${year} 年办公设备购置`,
        fundingSource: '财政拨款',
        items: [
          {
            name: '显示器',
            categoryCode: 'A02010104',
            specification: '27 英寸',
            quantity: 2,
            measureUnit: '台',
            estimatedUnitPrice: 150_000,
          },
        ],
      },
      ctx('staff', 'czj', 'czj-ysk', 'purchase'),
    ),
  );
  // 盘点: 预算科, 朱丽 and 许文博 tick (the book list: 预算科's assets on the books now)
  const stock = new StockTakeCommands(kit, assets);
  const book: BookEntry[] = [];
  for (const [i, s] of CZJ.entries()) {
    if (s.dept !== 'czj-ysk') continue;
    book.push({
      assetId: id(`czj:${i}`),
      assetNo: (await kit.load(id(`czj:${i}`))).assetNo,
      name: s.name,
      departmentId: s.dept,
      custodianId: s.custodian,
      location: s.location,
    });
  }
  await ignoreRule(() =>
    stock.plan(
      {
        unitId: 'czj',
        title: `${year} 年度预算科资产盘点`,
        departmentId: 'czj-ysk',
        location: null,
        startDate: today,
        endDate: `${year}-12-31` > today ? `${year}-12-31` : today,
        checkerIds: ['zhu-li', 'staff'],
      },
      book,
      czj('stocktake'),
    ),
  );
  log(`资产 demo: ${made} cards, a loan, a repair, a transfer and a purchase waiting for approval, an open stock-take`);
}
