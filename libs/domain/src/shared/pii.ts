import { DomainError } from './domain-error';

/**
 * Patient data never enters the log: the log is immutable, so what gets in stays. Text is first brought to one
 * spelling (`normalizeForPii`), then every run of digits is read as the numbers a person could have meant by it.
 */

/**
 * Chinese numerals read as digits: 〇一二…九, the financial forms 零壹贰…玖 (simplified and traditional), 两, and 幺
 * (a spoken "one").
 */
const CHINESE_DIGITS: Readonly<Record<string, string>> = Object.fromEntries(
  ['〇零', '一壹幺', '二贰貳两兩', '三叁參', '四肆', '五伍', '六陆陸', '七柒', '八捌', '九玖'].flatMap((chars, digit) =>
    [...chars].map((char) => [char, String(digit)]),
  ),
);
const CHINESE_DIGIT = new RegExp(`[${Object.keys(CHINESE_DIGITS).join('')}]`, 'gu');

/**
 * Unicode format characters (category Cf: zero-width space and joiners, soft hyphen, word joiner, BOM…) and every
 * other code point that renders as nothing (Default_Ignorable_Code_Point: the combining grapheme joiner, the Hangul
 * fillers, variation selectors…): between digits, each would hide a number as well.
 */
const FORMAT_CHARACTER = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const OTHER_SCRIPT_DIGIT = /(?![0-9])\p{Nd}/gu;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** A time of day, `09:30` or `09:30:00`: its minutes would otherwise start a run (`00:03 2020-01-01 1病区`). */
const TIME_OF_DAY = /(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?![\d:])/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** A hash or key in hex (a seal digest an inspector sends back): 32 or more hex characters, letters among them. */
const HEX_DIGEST = /\b(?=[0-9a-f]*[a-f])[0-9a-f]{32,}\b/gi;

/**
 * What people put between digit groups: whitespace (U+3000 included), every dash (\p{Pd}: - – — ‒ ― 〜…), dots,
 * slashes, underscores, middle dots, brackets, plus signs. Not commas or colons: `150,000,000.00` and `09:30` are ordinary text.
 */
const SEPARATOR = `[\\s\\p{Pd}._/\\\\·・•‧∙()[\\]{}+*#~|'"‘’“”]`;
const SEPARATORS = new RegExp(`(?<=\\d)${SEPARATOR}+(?=[\\dXx])`, 'gu');

/**
 * The one spelling text is matched in: NFKC (full-width and mathematical digits become ASCII), format characters
 * removed, every decimal digit of any script and every Chinese numeral as an ASCII digit, and each run of separators
 * between digits as one space. A UUID, a hex digest and a time of day read as one word each: they hold no number,
 * and the digit groups of a UUID (`a716-446655440000`) or the digit runs of a SHA-256 digest would otherwise read as
 * ID or mobile numbers.
 */
export function normalizeForPii(text: string): string {
  return text
    .normalize('NFKC')
    .replace(FORMAT_CHARACTER, '')
    .replace(OTHER_SCRIPT_DIGIT, asciiDigit)
    .replace(CHINESE_DIGIT, (char) => CHINESE_DIGITS[char] ?? char)
    .replace(UUID, 'UUID')
    .replace(HEX_DIGEST, 'HEX')
    .replace(TIME_OF_DAY, 'TIME')
    .replace(SEPARATORS, ' ');
}

/**
 * Unicode lays out each script's decimal digits as one contiguous run of ten, zero first (some runs sit back to back,
 * e.g. the mathematical digits), so a digit's value is its distance from the start of its run, modulo ten.
 */
function asciiDigit(char: string): string {
  let digit = asciiDigits.get(char);
  if (digit === undefined) {
    const codePoint = char.codePointAt(0) ?? 0;
    let start = codePoint;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
    digit = String((codePoint - start) % 10);
    asciiDigits.set(char, digit);
  }
  return digit;
}
/** Each digit's value, once found: a body may hold a quarter of a million of them. */
const asciiDigits = new Map<string, string>();

export type PiiKind = 'mobile-number' | 'landline-number' | 'resident-id-number';

const DATE = '(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])';
const AREA = '(?:10|2\\d|[3-9]\\d\\d)';
const MOBILE = /^(?:0086|86)?1[3-9]\d{9}$/;
/** The province (or Hong Kong, Macao, Taiwan) an ID number's region code starts with: never 19 or 20, as years do. */
const PROVINCE = '(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])';
/** Region code, birth date, sequence number, and (18 digits) any check character; 15 digits is the legacy form. */
const ID_NUMBERS = [
  new RegExp(`^${PROVINCE}\\d{4}(?:18|19|20)\\d\\d${DATE}\\d{3}[\\dXx]$`),
  new RegExp(`^${PROVINCE}\\d{4}\\d\\d${DATE}\\d{3}$`),
];
/** Written as one bare number, 18 or 15 characters are an ID number whatever they hold: no count or date is that long. */
const BARE_ID_NUMBER = /^(?:\d{17}[\dXx]|\d{15})$/;
const LANDLINE = new RegExp(`^(?:0|0086|86)${AREA}\\d{7,8}$`);
/** A group a landline can start with: the country code alone, or the whole area code and more. */
const LANDLINE_START = new RegExp(`^(?:0086|86|(?:0|0086|86)${AREA}\\d*)$`);
/** With its area code split (`04 27 …`), only as the numbering plan has it: a local number starts with 2 to 9. */
const SPLIT_LANDLINE = new RegExp(`^(?:0|0086|86)${AREA}[2-9]\\d{6,7}$`);
/** The longest number looked for: a mobile number with 0086 before it, 15 digits, or an ID number, 18 characters. */
const LONGEST = 18;

/** A run of digit groups, one space apart, with an ID number's check character X at its end. */
const DIGIT_RUN = /\d+(?: \d+)*(?: ?[Xx](?![A-Za-z0-9]))?/g;
/** A run that continues a word: `Q1`, `sy-2-2009`. */
const WORD_BEFORE = /[A-Za-z][-_.]?$/;

export function findPii(text: string): PiiKind | null {
  const normalized = normalizeForPii(text);
  for (const { 0: run, index } of normalized.matchAll(DIGIT_RUN)) {
    if (BARE_ID_NUMBER.test(run)) return 'resident-id-number';
    const groups = run.replace(/(\d)([Xx])$/, '$1 $2').split(' ');
    const kind = kindOf(groups, WORD_BEFORE.test(normalized.slice(Math.max(0, index - 2), index)));
    if (kind) return kind;
  }
  return null;
}

/**
 * Every stretch of whole groups in a run: the run itself, or a number followed by a date or a count. A stretch that
 * starts inside the run must start the way a person writes the number, a mobile or ID number with a group of three
 * digits or more, a landline with its whole area code; so must an ID number after a letter. Otherwise lists of dates
 * would read as numbers: `2024-01-13 2000-01-01 1` holds 13 20000101 1, `pj-central-2000-Q1 2000-01-01 2010` holds
 * 1 20000101 2010, `2024.03.12—2024.04.15` holds 03 12 20240415. A time before an amount (`00:02 100000.00元`, which
 * holds 02 10000000) is why a landline whose area code is split must look real.
 */
function kindOf(groups: readonly string[], inWord: boolean): PiiKind | null {
  for (let first = 0; first < groups.length; first++) {
    const head = groups[first] ?? '';
    const writtenWhole = head.length >= 3;
    let number = '';
    for (let last = first; last < groups.length && number.length < LONGEST; last++) {
      number += groups[last];
      if ((writtenWhole || first === 0) && MOBILE.test(number)) return 'mobile-number';
      if ((writtenWhole || (first === 0 && !inWord)) && ID_NUMBERS.some((id) => id.test(number))) {
        return 'resident-id-number';
      }
      if (LANDLINE_START.test(head) ? LANDLINE.test(number) : first === 0 && SPLIT_LANDLINE.test(number)) {
        return 'landline-number';
      }
    }
  }
  return null;
}

/** Refuses the command if any named field holds personal data; names the first offending field, never its value. */
export function assertNoPii(fields: Readonly<Record<string, string | null | undefined>>): void {
  for (const [field, text] of Object.entries(fields)) {
    const kind = text ? findPii(text) : null;
    if (kind) {
      throw new DomainError(
        'PII.FORBIDDEN',
        `${field} contains a ${kind.replace(/-/g, ' ')}; patient data never enters the record`,
        { field, kind },
      );
    }
  }
}
