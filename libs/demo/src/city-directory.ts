import type { BranchCategory } from '@app/domain';

/**
 * The six hospitals of 盘锦市卫健委 (Panjin municipal health commission) as the demo builds them: branches built
 * on departments (支部建在科室上), grouped under 党总支 general branches where a hospital has them. Sizes are
 * Party members per branch; discharges are patients per month at the `city` scale.
 */
export interface DepartmentSpec {
  readonly slug: string;
  /** The department; its branch is `<name>党支部`. */
  readonly name: string;
  readonly category: BranchCategory;
  readonly members: number;
  readonly dischargesPerMonth: number;
  /** 离退休党支部: retired staff, who join it when they retire. */
  readonly retirees: boolean;
}

export interface GeneralBranchSpec {
  readonly slug: string;
  readonly name: string;
  readonly departments: readonly DepartmentSpec[];
}

export interface HospitalSpec {
  readonly hospitalId: string;
  readonly name: string;
  /** Prefix of its patients' opaque references (`PJZX-2025-000123`) and of its member ids. */
  readonly code: string;
  /** 党委委员 besides the secretary. */
  readonly committeeMembers: number;
  readonly generalBranches: readonly GeneralBranchSpec[];
  /** Branches directly under the committee. */
  readonly departments: readonly DepartmentSpec[];
}

const department =
  (category: BranchCategory, retirees = false) =>
  (slug: string, name: string, members: number, dischargesPerMonth = 0): DepartmentSpec => ({
    slug,
    name,
    category,
    members,
    dischargesPerMonth,
    retirees,
  });
const ward = department('clinical');
const technical = department('medical-technical');
const office = department('administrative');
const retirees = (members: number) => department('administrative', true)('retirees', '离退休', members);

const generalBranch = (slug: string, name: string, ...departments: DepartmentSpec[]): GeneralBranchSpec => ({
  slug,
  name,
  departments,
});

export const PANJIN_HOSPITALS: readonly HospitalSpec[] = [
  {
    hospitalId: 'pj-central',
    name: '盘锦市中心医院',
    code: 'PJZX',
    committeeMembers: 8,
    generalBranches: [
      generalBranch(
        'internal-1',
        '内科第一党总支',
        ward('cardiology', '心内科', 22, 550),
        ward('respiratory', '呼吸与危重症医学科', 18, 490),
        ward('gastroenterology', '消化内科', 16, 470),
        ward('neurology', '神经内科', 20, 520),
        ward('endocrinology', '内分泌科', 12, 310),
        ward('nephrology', '肾内科', 12, 290),
      ),
      generalBranch(
        'internal-2',
        '内科第二党总支',
        ward('hematology', '血液内科', 11, 230),
        ward('oncology', '肿瘤内科', 14, 390),
        ward('infectious-diseases', '感染性疾病科', 9, 200),
        ward('geriatrics', '老年医学科', 10, 260),
        ward('rheumatology', '风湿免疫科', 7, 160),
        ward('general-practice', '全科医学科', 8, 210),
      ),
      generalBranch(
        'surgery-1',
        '外科第一党总支',
        ward('general-surgery', '普外科', 20, 490),
        ward('hepatobiliary', '肝胆外科', 14, 340),
        ward('gastrointestinal', '胃肠外科', 13, 320),
        ward('orthopedics', '骨科', 24, 550),
        ward('neurosurgery', '神经外科', 16, 360),
        ward('thoracic', '心胸外科', 12, 260),
      ),
      generalBranch(
        'surgery-2',
        '外科第二党总支',
        ward('urology', '泌尿外科', 13, 340),
        ward('burns', '烧伤整形科', 8, 160),
        ward('ophthalmology', '眼科', 10, 390),
        ward('otolaryngology', '耳鼻咽喉科', 9, 290),
        ward('stomatology', '口腔科', 8, 80),
        ward('anesthesiology', '麻醉科', 18),
      ),
      generalBranch(
        'women-children-emergency',
        '妇儿急重症党总支',
        ward('obstetrics-gynecology', '妇产科', 20, 580),
        ward('pediatrics', '儿科', 16, 490),
        ward('neonatology', '新生儿科', 9, 160),
        ward('emergency', '急诊科', 17, 260),
        ward('intensive-care', '重症医学科', 14, 120),
      ),
      generalBranch(
        'medical-technical',
        '医技党总支',
        technical('laboratory', '检验科', 15),
        technical('imaging', '医学影像科', 16),
        technical('ultrasound', '超声科', 10),
        technical('pathology', '病理科', 7),
        technical('pharmacy', '药学部', 14),
        technical('nuclear-medicine', '核医学科', 5),
        technical('transfusion', '输血科', 4),
      ),
      generalBranch(
        'nursing',
        '护理党总支',
        office('nursing', '护理部', 10),
        ward('outpatient', '门诊部', 12),
        ward('operating-room', '手术室', 16),
        technical('sterile-supply', '消毒供应中心', 6),
      ),
      generalBranch(
        'administration',
        '机关党总支',
        office('general-office', '党政办公室', 12),
        office('medical-affairs', '医务部', 10),
        office('finance', '财务部', 9),
        office('human-resources', '人力资源部', 7),
        office('logistics', '行政后勤', 18),
        retirees(40),
      ),
    ],
    departments: [],
  },
  {
    hospitalId: 'pj-peoples',
    name: '盘锦市人民医院',
    code: 'PJRM',
    committeeMembers: 6,
    generalBranches: [
      generalBranch(
        'internal',
        '内科党总支',
        ward('cardiology', '心内科', 14, 390),
        ward('respiratory', '呼吸内科', 12, 340),
        ward('gastroenterology', '消化内科', 11, 310),
        ward('neurology', '神经内科', 12, 340),
        ward('nephrology', '肾内科', 8, 200),
      ),
      generalBranch(
        'surgery',
        '外科党总支',
        ward('general-surgery', '普外科', 14, 390),
        ward('orthopedics', '骨科', 15, 420),
        ward('neurosurgery', '神经外科', 10, 230),
        ward('urology', '泌尿外科', 9, 230),
        ward('obstetrics-gynecology', '妇产科', 13, 390),
        ward('pediatrics', '儿科', 11, 340),
      ),
      generalBranch(
        'medical-technical',
        '医技党总支',
        technical('laboratory', '检验科', 10),
        technical('imaging', '影像科', 11),
        technical('pharmacy', '药剂科', 9),
      ),
    ],
    departments: [
      ward('emergency', '急诊科', 12, 200),
      office('nursing', '护理部', 8),
      office('administration', '机关', 14),
      office('logistics', '行政后勤', 10),
      retirees(25),
    ],
  },
  {
    hospitalId: 'pj-kangning',
    name: '盘锦市康宁医院',
    code: 'PJKN',
    committeeMembers: 4,
    generalBranches: [],
    departments: [
      ward('psychiatry-1', '精神科一病区', 10, 120),
      ward('psychiatry-2', '精神科二病区', 10, 120),
      ward('geriatric-psychiatry', '老年精神科', 8, 80),
      ward('child-psychiatry', '儿童青少年心理科', 6, 50),
      ward('counseling', '心理咨询科', 5),
      technical('medical-technical', '医技', 6),
      office('nursing', '护理部', 6),
      office('administration', '机关', 9),
      retirees(14),
    ],
  },
  {
    hospitalId: 'pj-tcm',
    name: '盘锦市中医医院',
    code: 'PJZY',
    committeeMembers: 4,
    generalBranches: [],
    departments: [
      ward('tcm-internal', '中医内科', 14, 340),
      ward('acupuncture', '针灸推拿科', 9, 160),
      ward('bone-injury', '骨伤科', 11, 260),
      ward('tcm-surgery', '中医外科', 8, 180),
      ward('gynecology', '妇科', 7, 160),
      ward('pediatrics', '儿科', 7, 200),
      ward('rehabilitation', '康复科', 9, 140),
      technical('herbal-pharmacy', '中药房', 8),
      technical('medical-technical', '医技', 9),
      office('nursing', '护理部', 7),
      office('administration', '机关', 11),
      retirees(18),
    ],
  },
  {
    hospitalId: 'pj-third',
    name: '盘锦市第三人民医院',
    code: 'PJSY',
    committeeMembers: 4,
    generalBranches: [],
    departments: [
      ward('infection-1', '感染一科', 10, 200),
      ward('infection-2', '感染二科', 9, 180),
      ward('tuberculosis', '结核科', 9, 140),
      ward('hepatology', '肝病科', 10, 210),
      ward('internal', '内科', 11, 260),
      ward('surgery', '外科', 9, 200),
      technical('medical-technical', '医技', 10),
      office('nursing', '护理部', 7),
      office('administration', '机关', 10),
      retirees(16),
    ],
  },
  {
    hospitalId: 'pj-mch',
    name: '盘锦市妇幼保健院',
    code: 'PJFY',
    committeeMembers: 4,
    generalBranches: [],
    departments: [
      ward('obstetrics', '产科', 14, 490),
      ward('gynecology', '妇科', 10, 260),
      ward('pediatrics', '儿科', 11, 340),
      ward('neonatology', '新生儿科', 7, 130),
      ward('child-health', '儿童保健科', 7),
      ward('women-health', '妇女保健科', 6),
      technical('medical-technical', '医技', 9),
      office('administration', '机关', 10),
    ],
  },
];
