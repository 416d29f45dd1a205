import type { Rank } from '../../domain/org';

/**
 * 演示区 (demo district): fixed ids and names so that anyone — and the tests — can rely on them.
 * Every demo account's password is DEMO_PASSWORD. Seeded through the real command pipeline by
 * seed/seed.ts, never by SQL.
 */
export const DEMO_PASSWORD = 'Demo@2026';

export interface DemoUnit {
  id: string;
  name: string;
  parentId: string | null;
}
export interface DemoDepartment {
  id: string;
  unitId: string;
  name: string;
  parentId: string | null;
}
export interface DemoUser {
  id: string;
  username: string;
  name: string;
  gender: 'male' | 'female';
  departmentId: string;
  title: string;
  rank: Rank;
  /** roleId → data scope */
  roles: Record<string, 'self' | 'department' | 'department_tree' | 'unit' | 'all'>;
  /** 部门负责人 of its department */
  leadsDepartment?: boolean;
  /** 单位负责人 of its unit */
  leadsUnit?: boolean;
}

export const DEMO_UNITS: DemoUnit[] = [
  { id: 'qzf', name: '区政府', parentId: null },
  { id: 'qzfb', name: '区政府办公室', parentId: 'qzf' },
  { id: 'czj', name: '区财政局', parentId: 'qzf' },
  { id: 'rsj', name: '区人力资源和社会保障局', parentId: 'qzf' },
  { id: 'jgswj', name: '区机关事务管理局', parentId: 'qzf' },
];

export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { id: 'qzf-ld', unitId: 'qzf', name: '区政府领导', parentId: null },
  { id: 'qzfb-ld', unitId: 'qzfb', name: '办公室领导', parentId: null },
  { id: 'qzfb-zhk', unitId: 'qzfb', name: '综合科', parentId: 'qzfb-ld' },
  { id: 'qzfb-wdk', unitId: 'qzfb', name: '文电科', parentId: 'qzfb-ld' },
  { id: 'qzfb-xxk', unitId: 'qzfb', name: '信息化科', parentId: 'qzfb-ld' },
  { id: 'qzfb-dck', unitId: 'qzfb', name: '督查科', parentId: 'qzfb-ld' },
  { id: 'czj-ld', unitId: 'czj', name: '局领导', parentId: null },
  { id: 'czj-bgs', unitId: 'czj', name: '办公室', parentId: 'czj-ld' },
  { id: 'czj-ysk', unitId: 'czj', name: '预算科', parentId: 'czj-ld' },
  { id: 'czj-gkk', unitId: 'czj', name: '国库科', parentId: 'czj-ld' },
  { id: 'czj-kjk', unitId: 'czj', name: '会计科', parentId: 'czj-ld' },
  { id: 'rsj-ld', unitId: 'rsj', name: '局领导', parentId: null },
  { id: 'rsj-bgs', unitId: 'rsj', name: '办公室', parentId: 'rsj-ld' },
  { id: 'rsj-jyk', unitId: 'rsj', name: '就业促进科', parentId: 'rsj-ld' },
  { id: 'rsj-sbk', unitId: 'rsj', name: '社会保险科', parentId: 'rsj-ld' },
  { id: 'jgswj-ld', unitId: 'jgswj', name: '局领导', parentId: null },
  { id: 'jgswj-bgs', unitId: 'jgswj', name: '办公室', parentId: 'jgswj-ld' },
  { id: 'jgswj-zck', unitId: 'jgswj', name: '资产管理科', parentId: 'jgswj-ld' },
  { id: 'jgswj-hqk', unitId: 'jgswj', name: '后勤服务科', parentId: 'jgswj-ld' },
];

const STAFF = { staff: 'department' } as const;
const SECTION_CHIEF = { staff: 'department', leader: 'department_tree' } as const;
const UNIT_HEAD = { staff: 'unit', leader: 'unit' } as const;

type U = Omit<DemoUser, 'gender'> & { gender?: 'male' | 'female' };
const u = (x: U): DemoUser => ({ gender: 'male', ...x });

/** The fixed accounts named in the README (usernames are stable API). */
export const FIXED_ACCOUNTS = ['sysadmin', 'secadmin', 'auditor', 'finance', 'director', 'staff'] as const;

export const DEMO_USERS: DemoUser[] = [
  // 区政府
  u({
    id: 'zhao-guoqiang',
    username: 'zhaoguoqiang',
    name: '赵国强',
    departmentId: 'qzf-ld',
    title: '区长',
    rank: '正处',
    roles: UNIT_HEAD,
    leadsDepartment: true,
    leadsUnit: true,
  }),
  u({
    id: 'qian-hui',
    username: 'qianhui',
    name: '钱慧',
    gender: 'female',
    departmentId: 'qzf-ld',
    title: '副区长',
    rank: '副处',
    roles: { staff: 'unit', leader: 'unit' },
  }),
  // 区政府办公室
  u({
    id: 'sun-jianhua',
    username: 'sunjianhua',
    name: '孙建华',
    departmentId: 'qzfb-ld',
    title: '办公室主任',
    rank: '正处',
    roles: UNIT_HEAD,
    leadsDepartment: true,
    leadsUnit: true,
  }),
  u({
    id: 'li-wenjing',
    username: 'liwenjing',
    name: '李文静',
    gender: 'female',
    departmentId: 'qzfb-ld',
    title: '办公室副主任',
    rank: '副处',
    roles: { staff: 'unit', leader: 'unit', office_admin: 'unit' },
  }),
  u({
    id: 'zhou-ming',
    username: 'zhouming',
    name: '周明',
    departmentId: 'qzfb-zhk',
    title: '科长',
    rank: '正科',
    roles: SECTION_CHIEF,
    leadsDepartment: true,
  }),
  u({
    id: 'wu-xiaoyan',
    username: 'wuxiaoyan',
    name: '吴晓燕',
    gender: 'female',
    departmentId: 'qzfb-zhk',
    title: '科员',
    rank: '科员',
    roles: STAFF,
  }),
  u({
    id: 'zheng-hao',
    username: 'zhenghao',
    name: '郑浩',
    departmentId: 'qzfb-wdk',
    title: '科长',
    rank: '正科',
    roles: SECTION_CHIEF,
    leadsDepartment: true,
  }),
  u({
    id: 'wang-fang',
    username: 'wangfang',
    name: '王芳',
    gender: 'female',
    departmentId: 'qzfb-wdk',
    title: '科员',
    rank: '科员',
    roles: { staff: 'department', office_admin: 'unit' },
  }),
  u({
    id: 'feng-lei',
    username: 'fenglei',
    name: '冯磊',
    departmentId: 'qzfb-xxk',
    title: '科长',
    rank: '正科',
    roles: SECTION_CHIEF,
    leadsDepartment: true,
  }),
  u({
    id: 'sysadmin',
    username: 'sysadmin',
    name: '陈志远',
    departmentId: 'qzfb-xxk',
    title: '系统管理员',
    rank: '科员',
    roles: { staff: 'department', sysadmin: 'all' },
  }),
  u({
    id: 'secadmin',
    username: 'secadmin',
    name: '褚立新',
    departmentId: 'qzfb-xxk',
    title: '安全管理员',
    rank: '科员',
    roles: { staff: 'department', secadmin: 'all' },
  }),
  u({
    id: 'wei-dong',
    username: 'weidong',
    name: '卫东',
    departmentId: 'qzfb-dck',
    title: '科长',
    rank: '正科',
    roles: SECTION_CHIEF,
    leadsDepartment: true,
  }),
  u({
    id: 'auditor',
    username: 'auditor',
    name: '蒋丽华',
    gender: 'female',
    departmentId: 'qzfb-dck',
    title: '安全审计员',
    rank: '副科',
    roles: { staff: 'department', auditor: 'all' },
  }),
  // 区财政局
  u({
    id: 'director',
    username: 'director',
    name: '沈振华',
    departmentId: 'czj-ld',
    title: '局长',
    rank: '正处',
    roles: UNIT_HEAD,
    leadsDepartment: true,
    leadsUnit: true,
  }),
  u({
    id: 'han-xue',
    username: 'hanxue',
    name: '韩雪',
    gender: 'female',
    departmentId: 'czj-ld',
    title: '副局长',
    rank: '副处',
    roles: { staff: 'unit', leader: 'unit' },
  }),
  u({
    id: 'yang-fan',
    username: 'yangfan',
    name: '杨帆',
    departmentId: 'czj-bgs',
    title: '办公室主任',
    rank: '正科',
    roles: { ...SECTION_CHIEF, office_admin: 'unit' },
    leadsDepartment: true,
  }),
  u({
    id: 'zhu-li',
    username: 'zhuli',
    name: '朱丽',
    gender: 'female',
    departmentId: 'czj-bgs',
    title: '科员',
    rank: '科员',
    roles: STAFF,
  }),
  u({
    id: 'qin-tao',
    username: 'qintao',
    name: '秦涛',
    departmentId: 'czj-ysk',
    title: '科长',
    rank: '正科',
    roles: SECTION_CHIEF,
    leadsDepartment: true,
  }),
  u({
    id: 'you-jia',
    username: 'youjia',
    name: '尤佳',
    gender: 'female',
    departmentId: 'czj-ysk',
    title: '副科长',
    rank: '副科',
    roles: STAFF,
  }),
  u({ id: 'staff', username: 'staff', name: '许文博', departmentId: 'czj-ysk', title: '科员', rank: '科员', roles: STAFF }),
  u({
    id: 'he-jing',
    username: 'hejing',
    name: '何静',
    gender: 'female',
    departmentId: 'czj-gkk',
    title: '科长',
    rank: '正科',
    roles: SECTION_CHIEF,
    leadsDepartment: true,
  }),
  u({ id: 'lv-peng', username: 'lvpeng', name: '吕鹏', departmentId: 'czj-gkk', title: '科员', rank: '科员', roles: STAFF }),
  u({
    id: 'shi-yun',
    username: 'shiyun',
    name: '施云',
    gender: 'female',
    departmentId: 'czj-kjk',
    title: '科长',
    rank: '正科',
    roles: SECTION_CHIEF,
    leadsDepartment: true,
  }),
  u({
    id: 'finance',
    username: 'finance',
    name: '张会计',
    gender: 'female',
    departmentId: 'czj-kjk',
    title: '会计',
    rank: '科员',
    roles: { staff: 'department', finance: 'unit' },
  }),
  u({ id: 'kong-bin', username: 'kongbin', name: '孔斌', departmentId: 'czj-kjk', title: '办事员', rank: '办事员', roles: STAFF }),
  // 区人力资源和社会保障局
  u({
    id: 'cao-jun',
    username: 'caojun',
    name: '曹军',
    departmentId: 'rsj-ld',
    title: '局长',
    rank: '正处',
    roles: UNIT_HEAD,
    leadsDepartment: true,
    leadsUnit: true,
  }),
  u({
    id: 'yan-qing',
    username: 'yanqing',
    name: '严青',
    gender: 'female',
    departmentId: 'rsj-ld',
    title: '副局长',
    rank: '副处',
    roles: { staff: 'unit', leader: 'unit', hr_admin: 'unit' },
  }),
  u({
    id: 'hua-zhen',
    username: 'huazhen',
    name: '华振',
    departmentId: 'rsj-bgs',
    title: '办公室主任',
    rank: '正科',
    roles: { ...SECTION_CHIEF, office_admin: 'unit' },
    leadsDepartment: true,
  }),
  u({
    id: 'jin-yue',
    username: 'jinyue',
    name: '金悦',
    gender: 'female',
    departmentId: 'rsj-bgs',
    title: '科员',
    rank: '科员',
    roles: STAFF,
  }),
  u({
    id: 'wei-jian',
    username: 'weijian',
    name: '魏坚',
    departmentId: 'rsj-jyk',
    title: '科长',
    rank: '正科',
    roles: SECTION_CHIEF,
    leadsDepartment: true,
  }),
  u({ id: 'tao-ran', username: 'taoran', name: '陶然', departmentId: 'rsj-jyk', title: '科员', rank: '科员', roles: STAFF }),
  u({
    id: 'jiang-lan',
    username: 'jianglan',
    name: '姜兰',
    gender: 'female',
    departmentId: 'rsj-jyk',
    title: '科员',
    rank: '科员',
    roles: STAFF,
  }),
  u({
    id: 'qi-ming',
    username: 'qiming',
    name: '戚明',
    departmentId: 'rsj-sbk',
    title: '科长',
    rank: '正科',
    roles: SECTION_CHIEF,
    leadsDepartment: true,
  }),
  u({
    id: 'xie-na',
    username: 'xiena',
    name: '谢娜',
    gender: 'female',
    departmentId: 'rsj-sbk',
    title: '副科长',
    rank: '副科',
    roles: STAFF,
  }),
  u({ id: 'zou-kai', username: 'zoukai', name: '邹凯', departmentId: 'rsj-sbk', title: '科员', rank: '科员', roles: STAFF }),
  // 区机关事务管理局
  u({
    id: 'yu-haitao',
    username: 'yuhaitao',
    name: '喻海涛',
    departmentId: 'jgswj-ld',
    title: '局长',
    rank: '正处',
    roles: UNIT_HEAD,
    leadsDepartment: true,
    leadsUnit: true,
  }),
  u({
    id: 'bai-lu',
    username: 'bailu',
    name: '柏露',
    gender: 'female',
    departmentId: 'jgswj-ld',
    title: '副局长',
    rank: '副处',
    roles: { staff: 'unit', leader: 'unit' },
  }),
  u({
    id: 'shui-qing',
    username: 'shuiqing',
    name: '水清',
    gender: 'female',
    departmentId: 'jgswj-bgs',
    title: '办公室主任',
    rank: '正科',
    roles: { ...SECTION_CHIEF, office_admin: 'unit' },
    leadsDepartment: true,
  }),
  u({ id: 'dou-wei', username: 'douwei', name: '窦伟', departmentId: 'jgswj-bgs', title: '科员', rank: '科员', roles: STAFF }),
  u({
    id: 'zhang-qiang',
    username: 'zhangqiang',
    name: '章强',
    departmentId: 'jgswj-zck',
    title: '科长',
    rank: '正科',
    roles: { ...SECTION_CHIEF, office_admin: 'unit' },
    leadsDepartment: true,
  }),
  u({ id: 'yun-fei', username: 'yunfei', name: '云飞', departmentId: 'jgswj-zck', title: '科员', rank: '科员', roles: STAFF }),
  u({
    id: 'su-mei',
    username: 'sumei',
    name: '苏梅',
    gender: 'female',
    departmentId: 'jgswj-hqk',
    title: '科长',
    rank: '正科',
    roles: SECTION_CHIEF,
    leadsDepartment: true,
  }),
  u({ id: 'pan-yong', username: 'panyong', name: '潘勇', departmentId: 'jgswj-hqk', title: '科员', rank: '科员', roles: STAFF }),
  u({
    id: 'ge-xiao',
    username: 'gexiao',
    name: '葛晓',
    gender: 'female',
    departmentId: 'jgswj-hqk',
    title: '办事员',
    rank: '办事员',
    roles: STAFF,
  }),
];

export function demoUnitOf(departmentId: string): string {
  const d = DEMO_DEPARTMENTS.find((x) => x.id === departmentId);
  if (!d) throw new Error(`demo data: unknown department ${departmentId}`);
  return d.unitId;
}

/** Printed at start-up and listed in the README. */
export const DEMO_LOGINS: { username: string; role: string }[] = [
  { username: 'sysadmin', role: '系统管理员（组织机构、用户管理）' },
  { username: 'secadmin', role: '安全管理员（角色授予、解锁账号）' },
  { username: 'auditor', role: '安全审计员（审计日志、完整性校验）' },
  { username: 'finance', role: '财务（区财政局会计科）' },
  { username: 'director', role: '区财政局局长（单位负责人）' },
  { username: 'staff', role: '区财政局预算科科员' },
];
