import { assertNoPii, findPii, normalizeForPii } from './pii';

/** The ten decimal digits of a script whose zero is at `zero`, as one string. */
const digitsFrom = (zero: number) => Array.from({ length: 10 }, (_, i) => String.fromCodePoint(zero + i)).join('');

describe('normalizing text before looking for patient data', () => {
  it.each([
    ['Arabic-Indic', 0x0660],
    ['Extended Arabic-Indic', 0x06f0],
    ['Devanagari', 0x0966],
    ['Bengali', 0x09e6],
    ['Thai', 0x0e50],
    ['Tibetan', 0x0f20],
    ['Myanmar', 0x1040],
    ['Khmer', 0x17e0],
    ['Mongolian', 0x1810],
    ['Full-width', 0xff10],
    ['Mathematical bold', 0x1d7ce],
    ['Mathematical monospace (the last of five runs back to back)', 0x1d7f6],
  ])('given the digits of the %s script, when normalized, then they read 0 to 9', (_script, zero) => {
    expect(normalizeForPii(digitsFrom(zero))).toBe('0123456789');
  });

  it('given Chinese numerals in every form, when normalized, then each reads as its digit', () => {
    expect(normalizeForPii('〇一二三四五六七八九')).toBe('0123456789');
    expect(normalizeForPii('零壹贰叁肆伍陆柒捌玖')).toBe('0123456789');
    expect(normalizeForPii('两幺')).toBe('21');
  });

  it('given format characters between digits, when normalized, then they are gone', () => {
    expect(normalizeForPii('1\u200b3\u200c8\u200d1\u20602\u00ad3\ufeff4')).toBe('1381234');
  });

  it('given invisible characters that are not format characters between digits, when normalized, then they are gone too', () => {
    // Default-ignorable code points outside Cf render as nothing: the combining grapheme joiner, the Hangul fillers,
    // Mongolian free variation selectors, variation selectors.
    expect(normalizeForPii('1\u034f3\u115f8\u11601\u31642\uffa03\u180b4\ufe0f5\u{e0100}6')).toBe('138123456');
    expect(findPii('138\u316412345678')).toBe('mobile-number');
    expect(findPii('138\u034f1234\ufe0f5678')).toBe('mobile-number');
  });

  it('given runs of separators between digits, when normalized, then each run is one space', () => {
    expect(normalizeForPii('138 - 1234\u3000\u30005678')).toBe('138 1234 5678');
    expect(normalizeForPii('138.1234/5678_9·0–1—2‒3(4)5')).toBe('138 1234 5678 9 0 1 2 3 4 5');
    expect(normalizeForPii('（０２４）１２３４５６７８')).toBe('(024 12345678');
  });

  it('given ordinary punctuation, when normalized, then it stays: commas and separators not between digits', () => {
    expect(normalizeForPii('会议开始, 150,000 元 - 完')).toBe('会议开始, 150,000 元 - 完');
  });

  it('given a UUID or a time of day, when normalized, then each reads as one word', () => {
    expect(normalizeForPii('id 550e8400-e29b-41d4-a716-446655440000 ok')).toBe('id UUID ok');
    expect(normalizeForPii('09:30 至 11:45:00')).toBe('TIME 至 TIME');
  });

  it('given a SHA-256 digest whose digits run long, when normalized, then it reads as one word and holds no number', () => {
    // Digit runs of 11 and 15 digits: a mobile and a legacy ID number if the digest were read as text.
    const digest = 'a13812345678b' + '110105800101123' + 'c'.repeat(64 - 28);
    expect(normalizeForPii(`seal ${digest}`)).toBe('seal HEX');
    expect(findPii(digest)).toBeNull();
  });
});

describe('finding patient data', () => {
  it.each([
    ['13912345678', 'mobile-number'],
    ['患者电话 139 1234 5678 已回访', 'mobile-number'],
    ['139-1234-5678', 'mobile-number'],
    ['+8613912345678', 'mobile-number'],
    ['+86 139 1234 5678', 'mobile-number'],
    ['86-13912345678', 'mobile-number'],
    ['0086 139 1234 5678', 'mobile-number'],
    ['１３９１２３４５６７８', 'mobile-number'],
    ['١٣٩١٢٣٤٥٦٧٨', 'mobile-number'],
    ['幺三八幺二三四五六七八', 'mobile-number'],
    ['壹叁玖 壹贰叁肆 伍陆柒捌', 'mobile-number'],
    ['1\u200b3\u200b9\u00ad1234\u20605678', 'mobile-number'],
    ['139  -  1234 . 5678', 'mobile-number'],
    ['P13912345678', 'mobile-number'],
    ['电话13912345678 2024-03-12回访', 'mobile-number'],
    ['13912345678/13812345678', 'mobile-number'],
    ['110105199003071234', 'resident-id-number'],
    ['11010519900307123X', 'resident-id-number'],
    ['11010519900307123x', 'resident-id-number'],
    ['110105 19900307 123 X', 'resident-id-number'],
    ['身份证 110105 19900307 1235（校验位错误也拒绝）', 'resident-id-number'],
    ['110105900307123', 'resident-id-number'],
    ['123456789012345678', 'resident-id-number'],
    ['P12345678901234567X', 'resident-id-number'],
    ['123456789012345', 'resident-id-number'],
    ['第3床 110105199003071234 2人', 'resident-id-number'],
    ['010-12345678', 'landline-number'],
    ['0427-1234567', 'landline-number'],
    ['(024)12345678', 'landline-number'],
    ['+86 24 1234 5678', 'landline-number'],
    ['科室电话 0427 1234567 转 8', 'landline-number'],
    ['0 4 2 7 2 3 4 5 6 7 8 2人', 'landline-number'],
    ['fu-138-1234-5678', 'mobile-number'],
  ])('given %s, then it is found as a %s', (text, kind) => {
    expect(findPii(text)).toBe(kind);
  });

  it.each([
    'PR-2024-000123',
    '会议于2024-03-12 14:00召开，参会18人',
    '2024年3月12日',
    '2024年第3季度',
    '2024-03-12 - 2024-04-15 2024-05-20 2024-06-18',
    '2024.03.12—2024.04.15',
    '03-12 至 04-15',
    '12病区 3号床',
    '学习2024年全国两会精神',
    '150000元',
    '党建专项绩效 750000 元，结余 150,000,000.00 元',
    '09:30 — 11:45',
    '完成率 98.5%，同比增长 12.3%',
    '2024-03-12T09:30:00+08:00',
    '2024-03-12T01:30:00.000Z',
    '550e8400-e29b-41d4-a716-446655440000',
    '0190f3a4-7b2c-7d1e-8a4b-013812345678',
    'pj-central-2026-Q2',
    'mt-2024-03-cardiology',
    '第一季度',
    '三会一课',
    '一对一帮扶',
    '两学一做',
    '一二九运动',
    '2024-01-13 2000-01-01 1人',
    '2008-03-13—2000-01-01—1病区',
    'pj-central-2000-Q1 2000-01-01 2010-01-01',
    'sy-2-2009-05-001 10000元',
    '00:02 100000.00元',
    '12912345678',
    '139123456789012345678901',
    '10086',
    '12345',
  ])('given the ordinary text %s, then nothing is found', (text) => {
    expect(findPii(text)).toBeNull();
  });

  it('names the offending field in a PII.FORBIDDEN refusal, never the value', () => {
    let refusal: unknown;
    try {
      assertNoPii({ topic: '学习', notes: '家属电话13912345678' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'PII.FORBIDDEN', details: { field: 'notes', kind: 'mobile-number' } });
    expect(JSON.stringify(refusal) + String((refusal as Error).message)).not.toContain('13912345678');
    expect(() => assertNoPii({ topic: '学习', notes: undefined })).not.toThrow();
  });
});
