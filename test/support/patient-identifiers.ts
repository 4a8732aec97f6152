import fc from 'fast-check';

/**
 * Generated corpora for the patient-data guard: identifiers spelled every way the adversarial test tried (and more),
 * and ordinary text of the record that looks numeric but holds none.
 */

const digitString = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((digits) => digits.join(''));
const pad = (value: number, length = 2) => String(value).padStart(length, '0');
const birthDate = fc.date({ min: new Date('1930-01-01'), max: new Date('2023-12-31'), noInvalidDate: true });
const yyyymmdd = (date: Date) => `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;

/**
 * An identifier as a prefix (country code, bracketed area code…) and its digits, with the group sizes people write it
 * in (`138 1234 5678`, `110105 19900307 1234`, `0427-1234567`).
 */
interface Identifier {
  readonly prefix: string;
  readonly digits: string;
  readonly conventional: readonly number[];
}

const mobile = fc
  .tuple(
    fc.constantFrom('', '+86', '86', '0086', '+86 ', '0086-', '(+86)', '+86-'),
    fc.integer({ min: 3, max: 9 }),
    digitString(9),
  )
  .map(([prefix, second, rest]): Identifier => ({ prefix, digits: `1${second}${rest}`, conventional: [3, 4, 4] }));

const PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
];
const region = fc
  .tuple(fc.constantFrom(...PROVINCES), fc.integer({ min: 0, max: 9999 }))
  .map(([province, rest]) => `${province}${pad(rest, 4)}`);
const residentId = fc
  .tuple(region, birthDate, digitString(3), fc.constantFrom(...'0123456789Xx'))
  .map(([area, born, sequence, check]): Identifier => ({
    prefix: '',
    digits: `${area}${yyyymmdd(born)}${sequence}${check}`,
    conventional: [6, 8, 4],
  }));
const legacyId = fc.tuple(region, birthDate, digitString(3)).map(([area, born, sequence]): Identifier => ({
  prefix: '',
  digits: `${area}${yyyymmdd(born).slice(2)}${sequence}`,
  conventional: [6, 6, 3],
}));
const landline = fc
  .tuple(
    fc.constantFrom('10', '20', '21', '24', '311', '427', '571', '755'),
    fc.integer({ min: 2, max: 9 }),
    fc.integer({ min: 6, max: 7 }).chain(digitString),
    fc.constantFrom('0', '+86 ', '0086', '86-'),
  )
  .map(([areaCode, first, rest, trunk]): Identifier => {
    const national = trunk === '0';
    const area = national ? `0${areaCode}` : areaCode;
    return { prefix: national ? '' : trunk, digits: `${area}${first}${rest}`, conventional: [area.length, 4] };
  });

/** Each script spells the digit at its index. */
const SCRIPTS: readonly (readonly string[])[] = [
  ...[0x30, 0xff10, 0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50, 0x1040, 0x1d7ce].map((zero) =>
    Array.from({ length: 10 }, (_, digit) => String.fromCodePoint(zero + digit)),
  ),
  [...'〇一二三四五六七八九'],
  [...'零壹贰叁肆伍陆柒捌玖'],
  [...'〇幺两三四五六七八九'],
];
/** Scripts a header can carry (HTTP header values are Latin-1). */
const HEADER_SCRIPTS = SCRIPTS.slice(0, 1);

/** What the adversarial test put between digit groups: spaces, dashes of every width, dots, slashes… */
const SEPARATORS = [' ', '  ', ' - ', '-', '.', ' . ', '/', '_', '—', '–', '‒', '·', '\u3000', '\u00a0', '(', ')'];
const HEADER_SEPARATORS = [' ', '-', '.', '_', '/', '\u00a0'];
/**
 * Invisible: zero-width space, non-joiner and joiner, word joiner, soft hyphen, BOM; and, not format characters but
 * as invisible, the combining grapheme joiner, a Hangul filler and a variation selector.
 */
const FORMAT_CHARACTERS = ['\u200b', '\u200c', '\u200d', '\u2060', '\u00ad', '\ufeff', '\u034f', '\u3164', '\ufe0f'];
const HEADER_FORMAT_CHARACTERS = ['\u00ad'];

/** Around the identifier: nothing, a sentence, other numbers after it. */
const CONTEXTS: readonly (readonly [string, string])[] = [
  ['', ''],
  ['患者电话', '，已回访'],
  ['家属 ', ' 2024-03-12 回访'],
  ['身份证：', '。'],
  ['第3床 ', ' 2人'],
  ['联系', '转'],
];
/**
 * An id's prefix glued to the number (`P13812345678`, `fu-138-1234-5678`). One or two digits after a letter read as a
 * word (`Q1 2024-03-12`), so an id's number is written here with its first group whole, as people write it.
 */
const ID_CONTEXTS: readonly (readonly [string, string])[] = [
  ['P', ''],
  ['fu-', '-a'],
];

/** Where an identifier's digits are split: nowhere, conventionally, between every digit, or anywhere. */
function splits({ digits, conventional }: Identifier, firstWhole: boolean): fc.Arbitrary<readonly boolean[]> {
  const gaps = digits.length - 1;
  const at = (ends: readonly number[]) => Array.from({ length: gaps }, (_, i) => ends.includes(i + 1));
  const ends = conventional.map((_, i) => conventional.slice(0, i + 1).reduce((sum, size) => sum + size, 0));
  const options = [
    fc.constant(at([])),
    fc.constant(at(ends)),
    fc.constant(Array.from({ length: gaps }, () => true)),
    fc.array(fc.boolean(), { minLength: gaps, maxLength: gaps }),
  ];
  return firstWhole ? fc.oneof(...options.slice(0, 2)) : fc.oneof(...options);
}

function spelled(
  identifier: Identifier,
  scripts: readonly (readonly string[])[],
  separators: readonly string[],
  invisible: readonly string[],
  firstWhole: boolean,
): fc.Arbitrary<string> {
  const { prefix, digits } = identifier;
  const perDigit = <T>(arbitrary: fc.Arbitrary<T>) =>
    fc.array(arbitrary, { minLength: digits.length, maxLength: digits.length });
  return fc
    .tuple(
      fc.oneof(
        fc.constantFrom(...scripts).map((script) => [...digits].map(() => script)),
        perDigit(fc.constantFrom(...scripts)),
      ),
      fc.constantFrom(...separators),
      splits(identifier, firstWhole),
      perDigit(fc.option(fc.constantFrom(...invisible), { freq: 3 })),
    )
    .map(([scriptOf, separator, splitAfter, invisibleAfter]) =>
      [...digits]
        .map((char, i) => {
          const digit = /\d/.test(char) ? scriptOf[i]![Number(char)]! : char;
          return digit + (invisibleAfter[i] ?? '') + (splitAfter[i] ? separator : '');
        })
        .join(''),
    )
    .map((text) => prefix + text);
}

const anyIdentifier = fc.oneof(mobile, residentId, legacyId, landline);

/** A patient identifier in any spelling, inside some text or glued to an id's prefix. */
export const patientIdentifierText = fc.oneof(
  fc
    .tuple(anyIdentifier, fc.constantFrom(...CONTEXTS))
    .chain(([identifier, [before, after]]) =>
      spelled(identifier, SCRIPTS, SEPARATORS, FORMAT_CHARACTERS, false).map((text) => `${before}${text}${after}`),
    ),
  fc
    .tuple(anyIdentifier, fc.constantFrom(...ID_CONTEXTS))
    .chain(([identifier, [before, after]]) =>
      spelled(identifier, SCRIPTS, SEPARATORS, FORMAT_CHARACTERS, true).map((text) => `${before}${text}${after}`),
    ),
);

/** The same, in what an HTTP header can carry (Latin-1). */
export const patientIdentifierHeader = fc
  .tuple(anyIdentifier, fc.constantFrom(...CONTEXTS.slice(0, 1), ...ID_CONTEXTS))
  .chain(([identifier, [before, after]]) =>
    spelled(identifier, HEADER_SCRIPTS, HEADER_SEPARATORS, HEADER_FORMAT_CHARACTERS, before !== '').map(
      (text) => `${before}${text}${after}`,
    ),
  );

/** The same, as a path segment can carry it under Fastify's 100-character limit on a parameter. */
export const patientIdentifierPathSegment = patientIdentifierText.filter(
  (text) => !text.includes('/') && encodeURIComponent(text).length <= 100,
);

// ---- Ordinary text -------------------------------------------------------------------------------------------------

const recent = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
const date = fc
  .tuple(recent, fc.constantFrom('-', '.', '/', '年'))
  .map(([day, separator]) =>
    separator === '年'
      ? `${day.getUTCFullYear()}年${day.getUTCMonth() + 1}月${day.getUTCDate()}日`
      : [day.getUTCFullYear(), pad(day.getUTCMonth() + 1), pad(day.getUTCDate())].join(separator),
  );
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([hours, minutes]) => `${pad(hours)}:${pad(minutes)}`);
const instant = fc
  .tuple(recent, fc.boolean())
  .map(([at, utc]) => (utc ? at.toISOString() : `${at.toISOString().slice(0, 19)}+08:00`));
const year = fc.integer({ min: 2000, max: 2030 });
const quarter = fc
  .tuple(year, fc.integer({ min: 1, max: 4 }))
  .chain(([y, q]) => fc.constantFrom(`${y}年第${q}季度`, `${y}-Q${q}`, `${y}年${'一二三四'[q - 1]}季度`));
/** Amounts carry their unit, as the record writes them (`150000元`, `12.5万元`). */
const amount = fc
  .tuple(fc.integer({ min: 0, max: 999_999 }), fc.constantFrom('', '.00', '.5', '.75'), fc.constantFrom('元', '万元'))
  .map(([whole, fraction, unit]) => `${whole}${fraction}${unit}`);
const groupedAmount = fc
  .integer({ min: 1000, max: 2_000_000_000 })
  .map((value) => `${value.toLocaleString('en-US')}.${pad(value % 100)}元`);
const count = fc
  .tuple(fc.integer({ min: 0, max: 500 }), fc.constantFrom('人', '次', '名党员', '项', '个支部', '篇'))
  .map(([n, unit]) => `${n}${unit}`);
const ward = fc
  .tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 60 }))
  .map(([w, bed]) => `${w}病区 ${bed}号床`);
const percentage = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 9 }))
  .map(([whole, tenth]) => `${whole}.${tenth}%`);
const slug = fc
  .tuple(fc.constantFrom('pj-central', 'mt', 'fu', 'h1-cardiology', 'sy-2'), year, fc.integer({ min: 1, max: 12 }))
  .chain(([prefix, y, n]) => fc.constantFrom(`${prefix}-${y}-Q${((n - 1) % 4) + 1}`, `${prefix}-${y}-${pad(n)}-001`));
const topic = fc.tuple(year, fc.constantFrom('学习', '传达', '贯彻')).map(([y, verb]) => `${verb}${y}年全国两会精神`);
const PHRASES = [
  '第一季度',
  '三会一课',
  '一对一帮扶',
  '两学一做',
  '不忘初心、牢记使命',
  '二十大精神',
  '一二九运动纪念日',
  '第三党小组',
  '五四青年节',
  '七一建党节',
  '零差错',
  '十四五规划',
];

/** A fragment of ordinary record text: numbers that are no identifier, and Chinese numerals used as words. */
const fragment = fc.oneof(
  date,
  time,
  instant,
  quarter,
  amount,
  groupedAmount,
  count,
  ward,
  percentage,
  slug,
  topic,
  fc.uuid(),
  fc.constantFrom(...PHRASES),
);

/** Ordinary text: a few fragments, side by side with the separators people type between them. */
export const ordinaryText = fc
  .tuple(fc.array(fragment, { minLength: 1, maxLength: 4 }), fc.constantFrom(' ', '，', '；', ' - ', '、', ' 至 ', '—'))
  .map(([fragments, separator]) => fragments.join(separator));

/** An ordinary id a client chooses: a UUID or a slug with years, quarters and sequence numbers. */
export const ordinaryId = fc.oneof(fc.uuid(), slug);

/** The issue's own examples of ordinary text, each recorded as it is. */
export const ORDINARY_EXAMPLES = [
  '2024-03-12',
  '2024年3月12日',
  '2024年第3季度',
  '参会18人，缺席2人',
  '12病区 3号床',
  '学习2024年全国两会精神',
  '150000元',
  '09:30',
  '完成率 98.5%',
  '2024-03-12T09:30:00+08:00',
  '2024-03-12T01:30:00.000Z',
  '550e8400-e29b-41d4-a716-446655440000',
  'pj-central-2026-Q2',
  '第一季度',
  '三会一课',
  '一对一帮扶',
  '两学一做',
];
