import { DomainError } from './domain-error';

/**
 * Patient data never enters the log: the log is immutable, so what gets in stays. Text is first brought to one
 * spelling (`normalizeForPii`), then every run of digits is read as the numbers a person could have meant by it.
 */

/** Chinese numerals read as digits: 〇一二…九, the financial forms 零壹贰…玖 (simplified and traditional), 两, and 幺 (a spoken "one"). */
const CHINESE_DIGITS: Readonly<Record<string, string>> = Object.fromEntries(
  ['〇零', '一壹幺', '二贰貳两兩', '三叁參', '四肆', '五伍', '六陆陸', '七柒', '八捌', '九玖'].flatMap((chars, digit) =>
    [...chars].map((char) => [char, String(digit)]),
  ),
);
const CHINESE_DIGIT = new RegExp(`[${Object.keys(CHINESE_DIGITS).join('')}]`, 'gu');

/** Unicode format characters (category Cf): zero-width space and joiners, soft hyphen, word joiner, BOM… */
const FORMAT_CHARACTER = /\p{Cf}/gu;
const OTHER_SCRIPT_DIGIT = /(?![0-9])\p{Nd}/gu;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * What people put between digit groups: whitespace (U+3000 included), every dash (\p{Pd}: - – — ‒ ― 〜…), dots, slashes,
 * underscores, middle dots, brackets, plus signs. Not commas or colons: `150,000,000.00` and `09:30` are ordinary text.
 */
const SEPARATORS = /(?<=\d)[\s\p{Pd}._/\\·・•‧∙()[\]{}+*#~|'"‘’“”]+(?=[\dXx])/gu;

/**
 * The one spelling text is matched in: NFKC (full-width and mathematical digits become ASCII), format characters
 * removed, every decimal digit of any script and every Chinese numeral as an ASCII digit, and each run of separators
 * between digits as one space. A UUID reads as one word: it is an id, not a number, and its digit groups
 * (`a716-446655440000`) would otherwise read as a 15-digit ID number.
 */
export function normalizeForPii(text: string): string {
  return text
    .normalize('NFKC')
    .replace(FORMAT_CHARACTER, '')
    .replace(OTHER_SCRIPT_DIGIT, asciiDigit)
    .replace(CHINESE_DIGIT, (char) => CHINESE_DIGITS[char] ?? char)
    .replace(UUID, 'UUID')
    .replace(SEPARATORS, ' ');
}

/**
 * Unicode lays out each script's decimal digits as one contiguous run of ten, zero first (some runs sit back to back,
 * e.g. the mathematical digits), so a digit's value is its distance from the start of its run, modulo ten.
 */
function asciiDigit(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  let start = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return String((codePoint - start) % 10);
}

export type PiiKind = 'mobile-number' | 'landline-number' | 'resident-id-number';

const DATE = '(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])';
const AREA = '(?:10|2\\d|[3-9]\\d\\d)';
/** Written as one number (every separator collapsed), as the numbering plans define them. */
const WHOLE: ReadonlyArray<readonly [PiiKind, RegExp]> = [
  ['mobile-number', /^(?:0086|86)?1[3-9]\d{9}$/],
  ['resident-id-number', /^\d{17}[\dXx]$/],
  ['resident-id-number', /^\d{15}$/],
  ['landline-number', new RegExp(`^(?:0|0086|86)${AREA}\\d{7,8}$`)],
];
/**
 * Found among other numbers (a date or a count next to a mobile number): the stricter shape, with the birth date inside
 * an ID number, and a landline's area code written as a group of its own, so that a list of dates
 * (`2024.03.12—2024.04.15`) is not read as one. Candidates are written `<first group>:<the other groups>`.
 */
const WITHIN: ReadonlyArray<readonly [PiiKind, RegExp]> = [
  ['mobile-number', /^1[3-9]\d{9}$/],
  ['resident-id-number', new RegExp(`^[1-9]\\d{5}(?:18|19|20)\\d\\d${DATE}\\d{3}[\\dXx]$`)],
  ['resident-id-number', new RegExp(`^[1-9]\\d{5}\\d\\d${DATE}\\d{3}$`)],
  ['landline-number', new RegExp(`^0${AREA}:\\d{7,8}$`)],
];
const LONGEST = 18;

/** A run of digit groups, one space apart, with an ID number's check character X at its end. */
const DIGIT_RUN = /\d+(?: \d+)*(?: ?[Xx](?![A-Za-z0-9]))?/g;

export function findPii(text: string): PiiKind | null {
  for (const [run] of normalizeForPii(text).matchAll(DIGIT_RUN)) {
    const kind = kindOf(run);
    if (kind) return kind;
  }
  return null;
}

function kindOf(run: string): PiiKind | null {
  const groups = run.replace(/(\d)([Xx])$/, '$1 $2').split(' ');
  const whole = groups.join('');
  const asWhole = WHOLE.find(([, pattern]) => pattern.test(whole))?.[0];
  if (asWhole) return asWhole;
  for (let first = 0; first < groups.length; first++) {
    const head = groups[first] ?? '';
    let rest = '';
    for (let last = first + 1; last <= groups.length && rest.length < LONGEST; last++) {
      const within =
        WITHIN.find(([kind, pattern]) =>
          pattern.test(kind === 'landline-number' ? `${head}:${rest}` : `${head}${rest}`),
        )?.[0] ?? null;
      if (within) return within;
      rest += groups[last] ?? '';
    }
  }
  return null;
}

/** Refuses the command if any named field holds personal data; names the first offending field, never its value. */
export function assertNoPii(fields: Readonly<Record<string, string | null | undefined>>): void {
  for (const [field, text] of Object.entries(fields)) {
    const kind = text ? findPii(text) : null;
    if (kind) throw piiForbidden(field, kind);
  }
}

export const piiForbidden = (field: string, kind: PiiKind) =>
  new DomainError(
    'PII.FORBIDDEN',
    `${field} contains a ${kind.replace(/-/g, ' ')}; patient data never enters the record`,
    {
      field,
      kind,
    },
  );
