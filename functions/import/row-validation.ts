import { customerIdSchema, customerInputSchema } from '../core/customers/customer';
import { dealSchema } from '../core/customers/deal';
import { toE164 } from '../core/customers/phone';
import { describeIssues } from '../core/validation';
import { type ColumnMapping, headerOf, type ImportField, rowValues } from './column-mapping';
import { dealBody } from './deal-rows';
import { shortDigest } from './digest';
import type { ValidationOptions } from './options';
import { consentOf, monthDayOf, type RowProblem, tagsOf, yesNoOf } from './row-values';
import { type Cell, cellText, type SheetRow } from './sheet';

export type { RowProblem };

/** A row ready to send, with the spreadsheet rows it came from. */
export interface ValidRecord {
  rows: number[];
  body: Record<string, unknown>;
}

export interface ValidationResult {
  records: ValidRecord[];
  problems: RowProblem[];
  /** Data rows read (blank rows not counted). */
  rowCount: number;
  invalidRows: number;
  /** Rows folded into an earlier row of the same customer. */
  merged: number;
}

/**
 * The customer id of a row: the `--id-column` value, else one derived from the
 * E.164 phone or the lower-cased email, so a re-run (or the deals import of the
 * same sheet) files the same customer whatever row it is on.
 */
export async function deriveCustomerId(
  phone: string | undefined,
  email: string | undefined,
  country?: string,
): Promise<string | undefined> {
  const e164 = phone ? toE164(phone, country) : undefined;
  if (e164) return `c-${await shortDigest(`phone:${e164}`)}`;
  if (email?.includes('@')) return `c-${await shortDigest(`email:${email.trim().toLowerCase()}`)}`;
  return undefined;
}

const CUSTOMER_TEXT_FIELDS = [
  'name',
  'phone',
  'email',
  'city',
  'region',
  'notes',
  'locale',
  'timezone',
  'gender',
  'occupation',
] as const;

const CUSTOMER_FIELD_NAMES: Record<string, true> = { name: true };

function customerBody(values: Map<ImportField, Cell>, options: ValidationOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of CUSTOMER_TEXT_FIELDS) {
    const cell = values.get(field);
    if (cell !== undefined) body[field] = cellText(cell);
  }
  if (typeof body.gender === 'string') body.gender = body.gender.toLowerCase();
  const country = values.get('country');
  body.country = country !== undefined ? cellText(country) : options.defaults.country;
  body.locale ??= options.defaults.locale;
  body.timezone ??= options.defaults.timezone;
  for (const field of ['birthday', 'weddingAnniversary'] as const) {
    const cell = values.get(field);
    if (cell !== undefined) body[field] = monthDayOf(cell) ?? cellText(cell);
  }
  const tags = values.get('tags');
  if (tags !== undefined) body.tags = tagsOf(tags);
  const ownerName = values.get('ownerName');
  const ownerEmail = values.get('ownerEmail');
  if (ownerName !== undefined || ownerEmail !== undefined) {
    body.owner = {
      name: cellText(ownerName ?? ownerEmail ?? ''),
      ...(ownerEmail !== undefined ? { email: cellText(ownerEmail) } : {}),
    };
  }
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

async function customerIdOf(
  values: Map<ImportField, Cell>,
  body: Record<string, unknown>,
  options: ValidationOptions,
): Promise<string | undefined> {
  if (options.idColumn) {
    const id = values.get('customerId');
    return id === undefined ? undefined : cellText(id);
  }
  return deriveCustomerId(
    body.phone as string | undefined,
    body.email as string | undefined,
    body.country as string | undefined,
  );
}

/**
 * A row's marketing consent: its own consent columns where they say, else the
 * import's choice (none unless given). A cell that says neither yes nor no is a problem.
 */
function consentFor(
  values: Map<ImportField, Cell>,
  mapping: ColumnMapping,
  options: ValidationOptions,
  rowNumber: number,
  problems: RowProblem[],
): { email: boolean; sms: boolean } {
  const consent = { ...options.consent };
  const both = values.get('consent');
  const general = both === undefined ? undefined : consentOf(both);
  if (general === 'invalid') {
    problems.push({
      row: rowNumber,
      column: headerOf(mapping, 'consent'),
      reason: 'must be yes or no (是/否), or the channels: email, sms',
    });
  } else if (general) Object.assign(consent, general);
  for (const [field, channel] of [
    ['emailConsent', 'email'],
    ['smsConsent', 'sms'],
  ] as const) {
    const cell = values.get(field);
    const said = cell === undefined ? undefined : yesNoOf(cell);
    if (said === 'invalid') {
      problems.push({
        row: rowNumber,
        column: headerOf(mapping, field),
        reason: 'must be yes or no (是/否)',
      });
    } else if (said !== undefined) consent[channel] = said;
  }
  return consent;
}

/** The field of a zod issue path as the column the user sees. */
function columnOf(mapping: ColumnMapping, path: string): string {
  const [first, second] = path.split('.');
  const field: ImportField | undefined =
    first === 'owner' ? (second === 'email' ? 'ownerEmail' : 'ownerName') : (first as ImportField);
  return field ? headerOf(mapping, field) : path;
}

/** Later rows of the same customer fill in what earlier ones left empty; tags add up. */
function merge(into: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...into };
  for (const [key, value] of Object.entries(from)) {
    if (key === 'tags' && Array.isArray(into.tags))
      merged.tags = [...new Set([...(into.tags as string[]), ...(value as string[])])];
    else if (value !== '' && value !== undefined) merged[key] = value;
  }
  return merged;
}

/**
 * Every data row below the header as a customer (or deal) body, checked with
 * the same schemas the API parses with, so what passes here the API accepts.
 * Rows of the same customer are one customer; for deals, identical rows are one deal.
 */
export async function validateRows(
  rows: readonly SheetRow[],
  mapping: ColumnMapping,
  options: ValidationOptions,
): Promise<ValidationResult> {
  const byKey = new Map<string, ValidRecord>();
  const problems: RowProblem[] = [];
  const badRows = new Set<number>();
  let rowCount = 0;
  let merged = 0;
  for (const { rowNumber, cells } of rows) {
    if (rowNumber <= mapping.headerRow || cells.every((cell) => cellText(cell) === '')) continue;
    rowCount++;
    const values = rowValues(mapping, cells);
    const rowProblems: RowProblem[] = [];
    const customer = customerBody(values, options);
    if (options.kind === 'customers')
      customer.consent = consentFor(values, mapping, options, rowNumber, rowProblems);
    const customerId = await customerIdOf(values, customer, options);
    if (customerId === undefined) {
      rowProblems.push(
        options.idColumn
          ? { row: rowNumber, column: options.idColumn, reason: 'empty: every row needs its customer id' }
          : {
              row: rowNumber,
              column: headerOf(mapping, 'phone'),
              reason: 'no valid phone or email to know the customer by (or give --id-column)',
            },
      );
    } else if (!customerIdSchema.safeParse(customerId).success) {
      rowProblems.push({
        row: rowNumber,
        column: options.idColumn ?? 'customerId',
        reason: 'must be 1-128 characters of letters, digits, . _ : @ -',
      });
    }
    // A deal needs only who bought: the rest of the customer file is the customers import's business.
    const check = options.kind === 'customers' ? customerInputSchema.safeParse(customer) : undefined;
    if (check && !check.success) {
      for (const issue of describeIssues(check.error)) {
        const missing = issue.path in CUSTOMER_FIELD_NAMES && customer[issue.path] === undefined;
        rowProblems.push({
          row: rowNumber,
          column: columnOf(mapping, issue.path),
          reason: missing ? 'empty: every customer needs one' : issue.message,
        });
      }
    }
    let key = customerId ?? '';
    let body: Record<string, unknown> = { ...customer, customerId };
    if (options.kind === 'deals' && customerId !== undefined) {
      body = await dealBody(values, customerId, mapping, options, rowProblems, rowNumber);
      const dealCheck = dealSchema.safeParse(body);
      if (!dealCheck.success) {
        for (const issue of describeIssues(dealCheck.error))
          rowProblems.push({ row: rowNumber, column: issue.path, reason: issue.message });
      }
      key = body.dealId as string;
    }
    if (rowProblems.length > 0) {
      const position = (p: RowProblem) => {
        const at = mapping.headers.indexOf(p.column);
        return at === -1 ? mapping.headers.length : at;
      };
      problems.push(...rowProblems.sort((a, b) => position(a) - position(b)));
      badRows.add(rowNumber);
      continue;
    }
    const earlier = byKey.get(key);
    if (earlier) {
      merged++;
      earlier.rows.push(rowNumber);
      if (options.kind === 'customers') earlier.body = merge(earlier.body, body);
    } else {
      byKey.set(key, { rows: [rowNumber], body });
    }
  }
  return { records: [...byKey.values()], problems, rowCount, invalidRows: badRows.size, merged };
}
