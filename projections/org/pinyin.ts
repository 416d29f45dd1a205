/**
 * Pinyin initials of a Chinese name (陈志远 → czy), for the person picker's search ("搜 zyh 找到 张一航").
 *
 * No dictionary: the 3,755 level-1 characters of GB 2312 (the common ones, which names use) are
 * ordered by pinyin, so each initial starts at a known character. We decode that block once with
 * the runtime's GBK decoder (WHATWG Encoding, in Node and every browser) and look a character's
 * place up against the 23 boundaries. A few surnames read differently from their common reading
 * (曾 Zeng, 单 Shan, 解 Xie, 仇 Qiu, 区 Ou, 查 Zha, 朴 Piao, 缪 Miao, 翟 Zhai, 盖 Ge, 乐 Yue…) are listed
 * for the first character; level-2 characters (ordered by radical) common in names are listed too.
 * Latin letters and digits pass through; any other character is skipped.
 */
const BOUNDARIES: readonly [string, string][] = [
  ['a', '啊'],
  ['b', '芭'],
  ['c', '擦'],
  ['d', '搭'],
  ['e', '蛾'],
  ['f', '发'],
  ['g', '噶'],
  ['h', '哈'],
  ['j', '击'],
  ['k', '喀'],
  ['l', '垃'],
  ['m', '妈'],
  ['n', '拿'],
  ['o', '哦'],
  ['p', '啪'],
  ['q', '期'],
  ['r', '然'],
  ['s', '撒'],
  ['t', '塌'],
  ['w', '挖'],
  ['x', '昔'],
  ['y', '压'],
  ['z', '匝'],
];
/** Surnames whose reading as a surname differs from the character's first GB 2312 place. */
const SURNAMES: Readonly<Record<string, string>> = {
  曾: 'z',
  单: 's',
  解: 'x',
  仇: 'q',
  区: 'o',
  查: 'z',
  朴: 'p',
  缪: 'm',
  翟: 'z',
  盖: 'g',
  乐: 'y',
  尉: 'y',
  员: 'y',
  覃: 'q',
  秘: 'b',
  繁: 'p',
  种: 'c',
  长: 'c',
  沈: 's',
  褚: 'c',
};

/** Level-2 characters (outside the pinyin-ordered block) common in names. */
const LEVEL2: Readonly<Record<string, string>> = {
  窦: 'd',
  闫: 'y',
  邝: 'k',
  岑: 'c',
  蔺: 'l',
  栾: 'l',
  郜: 'g',
  琦: 'q',
  琪: 'q',
  瑶: 'y',
  璐: 'l',
  晗: 'h',
  昊: 'h',
  睿: 'r',
  琛: 'c',
  喆: 'z',
  彧: 'y',
  骁: 'x',
  旻: 'm',
  珺: 'j',
  珏: 'j',
  祎: 'y',
  炜: 'w',
  烨: 'y',
  翊: 'y',
  钰: 'y',
  婧: 'j',
  琳: 'l',
  璇: 'x',
  霖: 'l',
  皓: 'h',
  煜: 'y',
  琰: 'y',
  铭: 'm',
  倩: 'q',
  菁: 'j',
  蕾: 'l',
  杰: 'j',
};

let table: Map<string, string> | null = null;

/** Character → initial for the GB 2312 level-1 block (rows 16–55), built once. */
function initialsTable(): Map<string, string> {
  if (table) return table;
  const t = new Map<string, string>();
  let decoder: { decode(b: Uint8Array): string };
  try {
    decoder = new TextDecoder('gbk');
  } catch {
    return (table = t); // a runtime without GBK: Latin search only
  }
  const chars: string[] = [];
  for (let hi = 0xb0; hi <= 0xd7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      if (hi === 0xd7 && lo > 0xf9) break;
      chars.push(decoder.decode(Uint8Array.of(hi, lo)));
    }
  }
  const starts = BOUNDARIES.map(([letter, ch]) => [letter, chars.indexOf(ch)] as const);
  chars.forEach((ch, i) => {
    let letter = '';
    for (const [l, at] of starts) if (at >= 0 && i >= at) letter = l;
    if (letter) t.set(ch, letter);
  });
  return (table = t);
}

/** 'czy' for 陈志远; Latin letters and digits kept (lower case); other characters skipped. */
export function pinyinInitials(name: string): string {
  const t = initialsTable();
  let out = '';
  [...name].forEach((ch, i) => {
    if (/[A-Za-z0-9]/.test(ch)) out += ch.toLowerCase();
    else if (i === 0 && SURNAMES[ch]) out += SURNAMES[ch];
    else out += t.get(ch) ?? LEVEL2[ch] ?? '';
  });
  return out;
}
