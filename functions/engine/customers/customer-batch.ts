import { type ContactConflict, contactConflict } from '../../core/customers/contact-conflict';
import type { Customer } from '../../core/customers/customer';
import { ValidationError } from '../../core/errors';
import type { CustomerRecord } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';
import { parseCustomer, type UpsertResult, upsertCustomer } from './customers';

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

/**
 * What is on file for a customer about to be filed: the profile under the same
 * id, and the first customer (that one included) who holds the phone or email
 * under another name. Reads only.
 */
export async function findContactConflict(
  deps: StoreDeps<'customers'>,
  customer: Customer,
): Promise<{ onFile: CustomerRecord | undefined; conflict: ContactConflict | undefined }> {
  const { customers } = deps.store;
  const contacts = [
    ...(customer.phone === undefined ? [] : [{ phone: customer.phone }]),
    ...(customer.email === undefined ? [] : [{ email: customer.email }]),
  ];
  const [onFile, found] = await Promise.all([
    customers.get(customer.customerId),
    Promise.all(contacts.map((contact) => customers.findByContact(contact))),
  ]);
  const others = [...new Set(found.flat())].filter((id) => id !== customer.customerId);
  const holders = others.length > 0 ? await customers.getMany(others) : [];
  const records = onFile ? [onFile, ...holders] : holders;
  return {
    onFile,
    conflict: contactConflict(
      customer,
      records.map((record) => record.customer),
    ),
  };
}

const BATCH_CONCURRENCY = 16;

/**
 * Upserts each item on its own: one bad item is reported and the rest still
 * land. With `onConflict: 'report'` an item whose phone or email another name
 * holds is answered as a conflict and not written; with `dryRun` nothing is.
 */
export async function upsertCustomers(
  deps: EngineDeps,
  items: readonly unknown[],
  options: BatchOptions = {},
): Promise<BatchItemResult[]> {
  const check = options.dryRun === true || options.onConflict === 'report';
  const file = async (customer: Customer): Promise<BatchItemResult> => {
    if (!check) return upsertCustomer(deps, customer);
    const { onFile, conflict } = await findContactConflict(deps, customer);
    const { customerId } = customer;
    if (conflict) {
      deps.log('customer.conflict', {
        customerId,
        field: conflict.field,
        existing: conflict.existing.customerId,
      });
      return { customerId, status: 'conflict', ...conflict };
    }
    if (options.dryRun) return { customerId, status: onFile ? 'existing' : 'new' };
    return upsertCustomer(deps, customer);
  };
  const results: BatchItemResult[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      const item = items[index];
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
        results[index] = await file(parseCustomer(id, item));
      } catch (error) {
        if (error instanceof ValidationError) {
          results[index] = {
            customerId: id ?? null,
            status: 'invalid',
            error: error.message,
            issues: [...error.issues],
          };
        } else {
          results[index] = {
            customerId: id ?? '',
            status: 'failed',
            error: error instanceof Error ? error.message : String(error),
          };
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, items.length) }, worker));
  return results;
}
