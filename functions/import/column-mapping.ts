import { type Cell, cellText, type SheetRow } from './sheet';

/** What a spreadsheet column can hold: customer file fields, and the purchase of the row. */
export const IMPORT_FIELDS = [
  'customerId',
  'name',
  'phone',
  'email',
  'birthday',
  'weddingAnniversary',
  'city',
  'region',
  'country',
  'tags',
  'notes',
  'locale',
  'timezone',
  'gender',
  'occupation',
  'ownerName',
  'ownerEmail',
  'date',
  'item',
  'price',
  'quantity',
  'currency',
  'consent',
  'emailConsent',
  'smsConsent',
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header names salespeople use, in Chinese and English (seed 001's customer file table first). */
const HEADER_NAMES: Record<ImportField, string[]> = {
  customerId: ['客户编号', '客户id', '编号', 'customerid', 'customer id', 'id'],
  name: [
    '姓名',
    '名字',
    '客户',
    '客户名称',
    '客户姓名',
    '联系人',
    'name',
    'customer',
    'customer name',
    'full name',
  ],
  phone: [
    '电话',
    '手机',
    '手机号',
    '手机号码',
    '联系电话',
    '电话号码',
    '联系方式',
    'phone',
    'mobile',
    'tel',
    'telephone',
    'contact phone',
    'contact phone number',
    'phone number',
  ],
  email: ['邮箱', '电子邮件', '电子邮箱', '邮件', 'email', 'e-mail', 'mail', 'email address'],
  birthday: ['生日', '出生日期', 'birthday', 'date of birth', 'dob', 'birth date'],
  weddingAnniversary: ['结婚纪念日', 'wedding anniversary', 'anniversary'],
  city: ['城市', '所在城市', 'city'],
  region: ['省份', '省', '地区', '州', 'region', 'province', 'state'],
  country: ['国家', '国家/地区', 'country'],
  tags: ['标签', 'tags', 'tag', 'labels'],
  notes: ['备注', '说明', '备注信息', 'remarks', 'remark', 'notes', 'note', 'comments'],
  locale: ['语言', 'locale', 'language'],
  timezone: ['时区', 'timezone', 'time zone'],
  gender: ['性别', 'gender', 'sex'],
  occupation: ['职业', 'occupation', 'job'],
  ownerName: ['业务员', '负责人', '销售', '销售员', 'owner', 'salesperson', 'sales rep'],
  ownerEmail: ['业务员邮箱', '负责人邮箱', 'owner email', 'salesperson email'],
  date: [
    '时间',
    '日期',
    '购买时间',
    '购买日期',
    '成交日期',
    '成交时间',
    'date',
    'time',
    'purchase date',
    'order date',
  ],
  item: ['购买品种', '品种', '产品', '商品', '购买产品', 'purchase', 'item', 'product', 'purchase variety'],
  price: ['价格', '金额', '价钱', '总价', '成交金额', 'price', 'amount', 'total'],
  quantity: ['数量', 'quantity', 'qty'],
  currency: ['币种', '货币', 'currency'],
  consent: [
    '营销许可',
    '同意营销',
    '订阅',
    '接收营销',
    'consent',
    'marketing consent',
    'opt-in',
    'opt in',
    'subscribed',
  ],
  emailConsent: [
    '邮件订阅',
    '接收邮件',
    '同意邮件',
    'email consent',
    'email opt-in',
    'email opt in',
    'email subscribed',
  ],
  smsConsent: [
    '短信订阅',
    '接收短信',
    '同意短信',
    'sms consent',
    'sms opt-in',
    'sms opt in',
    'sms subscribed',
  ],
};

/** Case, width, spacing and punctuation do not matter in a header: "Contact  Phone：" is "contact phone". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[()（）[\]【】:：*]/g, ' ')
    .replace(/[\s_]+/g, ' ')
    .trim();
}

const BY_HEADER = new Map(
  Object.entries(HEADER_NAMES).flatMap(([field, names]) =>
    names.map((n) => [normaliseHeader(n), field as ImportField]),
  ),
);

export interface ColumnMapping {
  /** The header row's number. */
  headerRow: number;
  headers: string[];
  /** The field of each column, undefined when the column is left out. */
  fields: (ImportField | undefined)[];
  /** Headers neither recognised nor mapped: their columns are not imported. */
  ignored: string[];
}

/** The field a header names, through `--map` first; "ignore" drops the column. */
function fieldOf(header: string, map: Record<string, string>): ImportField | 'ignore' | undefined {
  const explicit = Object.entries(map).find(([from]) => normaliseHeader(from) === normaliseHeader(header));
  if (explicit) return explicit[1] as ImportField | 'ignore';
  return BY_HEADER.get(normaliseHeader(header));
}

/**
 * Finds the header row (the first with two recognised columns, since old
 * sheets often open with a title row) and what each column holds.
 * @throws Error naming a `--map` entry whose header or field does not exist
 */
export function mapColumns(rows: readonly SheetRow[], map: Record<string, string>): ColumnMapping {
  for (const [from, to] of Object.entries(map)) {
    if (to !== 'ignore' && !(IMPORT_FIELDS as readonly string[]).includes(to)) {
      throw new Error(
        `--map ${from}=${to}: no field "${to}"; fields are ${IMPORT_FIELDS.join(', ')}, or ignore`,
      );
    }
  }
  const texts = (cells: Cell[]) => cells.map((cell) => cellText(cell));
  const header =
    rows
      .slice(0, 10)
      .find((row) => texts(row.cells).filter((h) => h && fieldOf(h, map) !== undefined).length >= 2) ??
    rows.find((row) => texts(row.cells).some(Boolean));
  if (!header) throw new Error('the sheet is empty');
  const headers = texts(header.cells);
  for (const from of Object.keys(map)) {
    if (!headers.some((h) => normaliseHeader(h) === normaliseHeader(from))) {
      throw new Error(
        `--map names a column "${from}" the header row (row ${header.rowNumber}) does not have`,
      );
    }
  }
  const mapped = headers.map((h) => (h ? fieldOf(h, map) : undefined));
  return {
    headerRow: header.rowNumber,
    headers,
    fields: mapped.map((f) => (f === 'ignore' ? undefined : f)),
    ignored: headers.filter((h, i) => h && mapped[i] === undefined),
  };
}

/** A row's values by field; a field in two columns takes the first non-empty one. */
export function rowValues(mapping: ColumnMapping, cells: readonly Cell[]): Map<ImportField, Cell> {
  const values = new Map<ImportField, Cell>();
  mapping.fields.forEach((field, i) => {
    const cell = cells[i] ?? null;
    if (field && !values.has(field) && cellText(cell) !== '') values.set(field, cell);
  });
  return values;
}

/** The header a field was read from, for the report. */
export function headerOf(mapping: ColumnMapping, field: ImportField): string {
  const i = mapping.fields.indexOf(field);
  return i === -1 ? field : (mapping.headers[i] ?? field);
}
