import { normaliseForSearch } from '../../domain/documents/elements';

/**
 * 综合查询 keyword index: character bigrams (n-gram index, the usual way to index Chinese text, which
 * has no spaces between words). Every field is normalised (NFKC + lower case + collapsed white space)
 * and cut into overlapping pairs of code points: "财政局" → 财政 政局. A query of n ≥ 2 characters is the
 * *phrase* of its n − 1 bigrams at consecutive positions, which matches exactly where the query is a
 * substring of the field — no false hit, nothing missed. Every field also ends with (last character,
 * END), so every character starts at least one token and a 1-character query is the prefix query
 * "bigrams starting with that character", exact as well.
 *
 * Tokens are written as [0-9a-z] so that any tokenizer keeps them whole: each code point in 4 base-36
 * digits (36⁴ > 0x10FFFF), a bigram is 8 characters, END is "zzzz" (above every code point).
 *
 * SQLite: an FTS5 table (tokenize 'ascii', one column per field, rowid = the registry row's seq),
 * with a 'tags' column holding the row's scope and filter keys as tokens (u<unit> o<owner>
 * d<department> k<kind> s<status> r<direction> c<category>, values hex-encoded), so that one FTS query
 * intersects keyword, scope and filters without reading a row (counts come from the index alone).
 * PostgreSQL: the set of all the document's tokens (bigrams, single characters, tags) in a text[]
 * with a GIN index: keyword and filters with @>, the scope with && (any of the caller's unit / owner /
 * department tags), one bitmap; the real substring is re-checked with LIKE on the normalised keys.
 */

const END = 'zzzz';

export const encodeChar = (c: string): string => c.codePointAt(0)!.toString(36).padStart(4, '0');

/** The bigram tokens of an already-normalised field, in position order (empty field → none). */
export function fieldTokens(normalised: string): string[] {
  const chars = [...normalised];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) out.push(encodeChar(chars[i]) + (i + 1 < chars.length ? encodeChar(chars[i + 1]) : END));
  return out;
}

/** The normalised search keys of a registry row (the LIKE re-check columns). */
export interface SearchKeys {
  /** title, 发文字号, 收文编号, issuer and 正文, normalised, joined by '\n' (never in a normalised query) */
  search_text: string;
  title_key: string;
  /** 发文字号 '\n' 收文编号 */
  number_key: string;
  issuer_key: string;
}

export const FTS_COLUMNS = ['title', 'doc_number', 'receipt_number', 'issuer', 'body'] as const;
export type FtsColumn = (typeof FTS_COLUMNS)[number];

/** tags-column token prefixes, by registry column. */
export const TAG_PREFIX = {
  unit_id: 'u',
  owner_id: 'o',
  department_id: 'd',
  kind: 'k',
  status: 's',
  direction: 'r',
  category: 'c',
} as const;
export type TagColumn = keyof typeof TAG_PREFIX;

/** The tags token of a column value (hex of its UTF-8 bytes: equal tokens ⇔ equal strings). */
export const tagToken = (column: TagColumn, value: string): string => TAG_PREFIX[column] + Buffer.from(value, 'utf8').toString('hex');

/** The tags of a row (no token for a null column). */
export function rowTags(row: Partial<Record<TagColumn, unknown>>): string {
  const out: string[] = [];
  for (const c of Object.keys(TAG_PREFIX) as TagColumn[]) {
    const v = row[c];
    if (v !== null && v !== undefined) out.push(tagToken(c, String(v)));
  }
  return out.join(' ');
}

/** FTS5: the row has any of these values in `column`. */
export function ftsTagAny(column: TagColumn, values: readonly string[]): string {
  return `{tags} : (${values.map((v) => `"${tagToken(column, v)}"`).join(' OR ')})`;
}

const norm = (v: unknown) => (typeof v === 'string' ? normaliseForSearch(v) : '');

export interface SearchFields {
  title?: unknown;
  doc_number?: unknown;
  receipt_number?: unknown;
  issuer?: unknown;
  body_text?: unknown;
}

/** The normalised fields of a row, in FTS_COLUMNS order. */
export function normalisedFields(row: SearchFields): Record<FtsColumn, string> {
  return {
    title: norm(row.title),
    doc_number: norm(row.doc_number),
    receipt_number: norm(row.receipt_number),
    issuer: norm(row.issuer),
    body: norm(row.body_text),
  };
}

export function searchKeys(row: SearchFields): SearchKeys {
  const f = normalisedFields(row);
  return {
    search_text: [f.title, f.doc_number, f.receipt_number, f.issuer, f.body].join('\n'),
    title_key: f.title,
    number_key: `${f.doc_number}\n${f.receipt_number}`,
    issuer_key: f.issuer,
  };
}

/** FTS5 column values (FTS_COLUMNS, then tags): each field's tokens separated by spaces. */
export function ftsValues(row: SearchFields & Partial<Record<TagColumn, unknown>>): string[] {
  const f = normalisedFields(row);
  return [...FTS_COLUMNS.map((c) => fieldTokens(f[c]).join(' ')), rowTags(row)];
}

/**
 * PostgreSQL: the row's token set, space separated (→ string_to_array(?, ' ')): every field's bigrams,
 * every character on its own (4-character tokens, for 1-character queries) and the tags (odd lengths,
 * so never equal to a bigram or a character token).
 */
export function gramSet(row: SearchFields & Partial<Record<TagColumn, unknown>>): string {
  const f = normalisedFields(row);
  const set = new Set<string>();
  for (const c of FTS_COLUMNS) {
    for (const tok of fieldTokens(f[c])) set.add(tok);
    for (const ch of f[c]) set.add(encodeChar(ch));
  }
  const tags = rowTags(row);
  return tags ? [...set, tags].join(' ') : [...set].join(' ');
}

/**
 * The FTS5 expression finding `q` (normalised, non-empty) in the given columns (all when null):
 * n ≥ 2 → the phrase of its bigrams; n = 1 → the prefix query on its one character.
 */
export function ftsPhrase(q: string, columns: readonly FtsColumn[] | null): string {
  const chars = [...q];
  const body = chars.length === 1 ? `"${encodeChar(chars[0])}"*` : `"${fieldTokens(q).slice(0, -1).join(' ')}"`;
  return columns ? `{${columns.join(' ')}} : ${body}` : body;
}

/** The tokens every row containing `q` must have (PostgreSQL @> pre-filter): its bigrams, or its one character. */
export function queryGrams(q: string): string[] {
  const chars = [...q];
  return chars.length === 1 ? [encodeChar(chars[0])] : fieldTokens(q).slice(0, -1);
}
