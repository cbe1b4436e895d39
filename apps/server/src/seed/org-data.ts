/**
 * The fixed shape of 示例银行 / Demo Bank: its departments (a two-level tree under 总行), its
 * twelve positions, and the name pools its employees are drawn from. Headcounts add up to 300.
 */

export interface PositionSeed {
  code: string;
  name: string;
  nameEn: string;
  description: string;
}

export const POSITIONS: readonly PositionSeed[] = [
  { code: 'PRESIDENT', name: '行长', nameEn: 'President', description: '全行经营管理的第一责任人。' },
  { code: 'DEPT_HEAD', name: '部门经理', nameEn: 'Department Head', description: '负责本部门的业务目标、团队管理与人才培养。' },
  { code: 'RM', name: '客户经理', nameEn: 'Relationship Manager', description: '维护个人或对公客户关系，营销与服务金融产品。' },
  { code: 'TELLER', name: '柜员', nameEn: 'Bank Teller', description: '办理柜面现金、转账、开户等业务。' },
  { code: 'RISK_ANALYST', name: '风险分析师', nameEn: 'Risk Analyst', description: '识别、计量与监控信用、市场和操作风险。' },
  { code: 'SWE', name: '软件工程师', nameEn: 'Software Engineer', description: '设计、开发和维护银行业务系统。' },
  { code: 'DATA_ANALYST', name: '数据分析师', nameEn: 'Data Analyst', description: '建设指标体系，完成经营分析与报表。' },
  { code: 'PM', name: '产品经理', nameEn: 'Product Manager', description: '规划金融产品与数字化渠道的功能与体验。' },
  { code: 'COMPLIANCE', name: '合规专员', nameEn: 'Compliance Officer', description: '审查制度与业务的合规性，组织合规培训。' },
  { code: 'HR', name: 'HR专员', nameEn: 'HR Specialist', description: '负责招聘、绩效、薪酬与员工关系。' },
  { code: 'OPS', name: '运营专员', nameEn: 'Operations Specialist', description: '负责清算、对账与后台运营流程。' },
  { code: 'TRAINER', name: '培训师', nameEn: 'Trainer', description: '设计与讲授培训课程，管理培训记录。' },
];

export interface DepartmentSeed {
  code: string;
  name: string;
  nameEn: string;
  /** Code of the parent department; undefined for the root. */
  parent?: string;
  /** Everyone in the department, its head included. */
  headcount: number;
  /** Position of the head. */
  headPosition: string;
  /** Positions of the other staff, with relative weights. */
  staff: readonly (readonly [position: string, weight: number])[];
}

export const DEPARTMENTS: readonly DepartmentSeed[] = [
  { code: 'HQ', name: '总行', nameEn: 'Head Office', headcount: 6, headPosition: 'PRESIDENT', staff: [['DATA_ANALYST', 2], ['PM', 1]] },
  { code: 'RETAIL', name: '零售银行部', nameEn: 'Retail Banking', parent: 'HQ', headcount: 78, headPosition: 'DEPT_HEAD', staff: [['RM', 5], ['TELLER', 4], ['PM', 1]] },
  { code: 'CORP', name: '公司银行部', nameEn: 'Corporate Banking', parent: 'HQ', headcount: 45, headPosition: 'DEPT_HEAD', staff: [['RM', 6], ['PM', 1], ['RISK_ANALYST', 1]] },
  { code: 'RISK', name: '风险管理部', nameEn: 'Risk Management', parent: 'HQ', headcount: 31, headPosition: 'DEPT_HEAD', staff: [['RISK_ANALYST', 4], ['DATA_ANALYST', 1]] },
  { code: 'IT', name: '信息科技部', nameEn: 'Information Technology', parent: 'HQ', headcount: 50, headPosition: 'DEPT_HEAD', staff: [['SWE', 6], ['DATA_ANALYST', 2], ['PM', 1]] },
  { code: 'OPS', name: '运营管理部', nameEn: 'Operations', parent: 'HQ', headcount: 45, headPosition: 'DEPT_HEAD', staff: [['OPS', 4], ['TELLER', 1]] },
  { code: 'HR', name: '人力资源部', nameEn: 'Human Resources', parent: 'HQ', headcount: 20, headPosition: 'DEPT_HEAD', staff: [['HR', 3], ['TRAINER', 1]] },
  { code: 'COMPLIANCE', name: '合规部', nameEn: 'Compliance', parent: 'HQ', headcount: 25, headPosition: 'DEPT_HEAD', staff: [['COMPLIANCE', 4], ['RISK_ANALYST', 1]] },
];

/**
 * Where each demo account sits: the employee it is linked to. `manager` heads 风险管理部
 * (30 people in the reporting line), `learner` reports to `manager` directly.
 */
export const ACCOUNT_EMPLOYEES: Record<string, { name: string; department: string; position: string; role: 'head' | 'direct' | 'staff' }> = {
  admin: { name: '陈思远', department: 'IT', position: 'SWE', role: 'staff' },
  trainer: { name: '王丽华', department: 'HR', position: 'TRAINER', role: 'staff' },
  manager: { name: '李建国', department: 'RISK', position: 'DEPT_HEAD', role: 'head' },
  assessor: { name: '赵敏', department: 'COMPLIANCE', position: 'COMPLIANCE', role: 'staff' },
  learner: { name: '张晓明', department: 'RISK', position: 'RISK_ANALYST', role: 'direct' },
};

/** Common surnames, most frequent first (weights fall off with rank). */
export const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤'];

/** Characters used in given names. */
export const GIVEN_CHARS = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国宇浩然子轩欣怡梓涵一诺雨桐晨阳思远嘉怡俊杰文博志强晓东海燕春梅佳琪宏伟立新雪梅云飞振华天宇婷婷慧敏嘉欣家豪晓红永刚',
];
