import { type ContactConflict, contactConflict } from '../../core/customers/contact-conflict';
import type { Customer } from '../../core/customers/customer';
import { ValidationError } from '../../core/errors';
import type { EngineDeps } from '../deps';
import { conflictsOnFile } from './contact-holders';
import { fileCustomers } from './customer-filing';
import { parseCustomer, type UpsertResult } from './customers';

/** How a batch treats an item whose phone or email belongs to a customer on file by another name. */
export interface BatchOptions {
  /** `update` (the default) files it over them; `report` answers a conflict and writes nothing for it. */
  onConflict?: 'update' | 'report';
  /** Nothing is written: each item says whether it is new, on file already, or a conflict. */
  dryRun?: boolean;
}

export type ConflictResult = { customerId: string; status: 'conflict' } & ContactConflict;

export type BatchItemResult =
  | UpsertResult
  | ConflictResult
  | { customerId: string; status: 'new' | 'existing' }
  | {
      customerId: string | null;
      status: 'invalid';
      error: string;
      issues: { path: string; message: string }[];
    }
  | { customerId: string; status: 'failed'; error: string };

type Parsed = { index: number; customer: Customer };

/** Each item parsed on its own: a bad one is answered as invalid and the others go on. */
function parseItems(items: readonly unknown[], results: BatchItemResult[]): Parsed[] {
  const parsed: Parsed[] = [];
  items.forEach((item, index) => {
    const id =
      item && typeof item === 'object' && 'customerId' in item && typeof item.customerId === 'string'
        ? item.customerId
        : undefined;
    try {
      if (id === undefined) {
        throw new ValidationError('invalid customer: customerId: required in a batch item', [
          { path: 'customerId', message: 'required in a batch item' },
        ]);
      }
      parsed.push({ index, customer: parseCustomer(id, item) });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      results[index] = {
        customerId: id ?? null,
        status: 'invalid',
        error: error.message,
        issues: [...error.issues],
      };
    }
  });
  return parsed;
}

/**
 * The items that share a phone or email with an earlier item of the same batch
 * under another name are conflicts too, as if the earlier one were on file:
 * the batch is checked as a whole, before anything of it is written.
 */
function withoutBatchConflicts(
  deps: Pick<EngineDeps, 'log'>,
  entries: readonly Parsed[],
  results: BatchItemResult[],
): Parsed[] {
  const holders = new Map<string, Customer[]>();
  const contactsOf = (customer: Customer) => [
    ...(customer.phone ? [`p:${customer.phone}`] : []),
    ...(customer.email ? [`e:${customer.email.trim().toLowerCase()}`] : []),
  ];
  return entries.filter(({ index, customer }) => {
    const earlier = contactsOf(customer)
      .flatMap((contact) => holders.get(contact) ?? [])
      .filter((other) => other.customerId !== customer.customerId);
    const conflict = contactConflict(customer, earlier);
    if (conflict) {
      deps.log('customer.conflict', {
        customerId: customer.customerId,
        field: conflict.field,
        existing: conflict.existing.customerId,
      });
      results[index] = { customerId: customer.customerId, status: 'conflict', ...conflict };
      return false;
    }
    for (const contact of contactsOf(customer))
      holders.set(contact, [...(holders.get(contact) ?? []), customer]);
    return true;
  });
}

/**
 * Files each item on its own: one bad item is reported and the rest still
 * land, the valid ones filed together (`fileCustomers`: about one request
 * each). With `onConflict: 'report'` an item whose phone or email another
 * name holds is answered as a conflict and not written; with `dryRun` nothing is.
 */
export async function upsertCustomers(
  deps: EngineDeps,
  items: readonly unknown[],
  options: BatchOptions = {},
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = new Array(items.length);
  const parsed = parseItems(items, results);
  const check = options.dryRun === true || options.onConflict === 'report';
  // The batch's profiles in one read, its contacts' holders in another, for the checks and the filing alike.
  const read = check
    ? await deps.store.customers.readForFiling(parsed.map((p) => p.customer.customerId))
    : undefined;
  const onFile = (customerId: string) => read?.get(customerId)?.record;
  const found = check
    ? await conflictsOnFile(
        deps,
        parsed.map((entry) => entry.customer),
        onFile,
      )
    : undefined;
  const passed = parsed.filter((entry, i) => {
    if (!found) return true;
    const { customerId } = entry.customer;
    const conflict = found.conflicts[i];
    if (conflict) {
      deps.log('customer.conflict', {
        customerId,
        field: conflict.field,
        existing: conflict.existing.customerId,
      });
      results[entry.index] = { customerId, status: 'conflict', ...conflict };
      return false;
    }
    if (options.dryRun) {
      results[entry.index] = { customerId, status: onFile(customerId) ? 'existing' : 'new' };
      return false;
    }
    return true;
  });
  const toFile = check ? withoutBatchConflicts(deps, passed, results) : passed;
  const filed = await fileCustomers(
    deps,
    toFile.map((entry) => entry.customer),
    read && found ? { filing: read, holders: found.holders } : undefined,
  );
  filed.forEach((result, i) => {
    results[toFile[i]!.index] = result;
  });
  return results;
}
