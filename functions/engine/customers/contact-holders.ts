import { type ContactConflict, contactConflict } from '../../core/customers/contact-conflict';
import type { Customer } from '../../core/customers/customer';
import { eachLimited } from '../../core/each-limited';
import {
  type ContactHolders,
  type ContactHolding,
  type CustomerRecord,
  contactKey,
  contactsOf,
} from '../../ports/store/index';
import type { StoreDeps } from '../deps';

// Who holds a contact is answered by the contact items (ports/store/contacts.ts): one BatchGetItem
// for a whole batch. A table holding customers filed before those items existed has no marker yet;
// until `indexContacts` has put every customer of the directory in them, each contact is asked of
// the contact indexes (gsi1, gsi2) as before, so existing data keeps working during the migration.

const QUERY_CONCURRENCY = 16;

/**
 * The first customer on file (the profile under the same id, `onFile`,
 * included) who holds the phone or email of a customer about to be filed
 * under another name, by the contact indexes: a query per contact.
 */
async function conflictByQueries(
  deps: StoreDeps<'customers'>,
  customer: Customer,
  onFile: CustomerRecord | undefined,
): Promise<ContactConflict | undefined> {
  const { customers } = deps.store;
  const found = await Promise.all(contactsOf(customer).map((contact) => customers.findByContact(contact)));
  const others = [...new Set(found.flat())].filter((id) => id !== customer.customerId);
  const holders = others.length > 0 ? await customers.getMany(others) : [];
  return contactConflict(
    customer,
    (onFile ? [onFile, ...holders] : holders).map((record) => record.customer),
  );
}

/**
 * Each customer's conflict with someone on file (see `conflictByQueries`),
 * for a whole batch: the contact items in one read, the holders' profiles in
 * another. Answers the holders read too, for the filing to keep the items.
 */
export async function conflictsOnFile(
  deps: StoreDeps<'customers' | 'contacts'>,
  customers: readonly Customer[],
  onFile: (customerId: string) => CustomerRecord | undefined,
): Promise<{ conflicts: (ContactConflict | undefined)[]; holders: ContactHolders | undefined }> {
  const holders = await deps.store.contacts.holders(customers.flatMap(contactsOf));
  if (!holders) {
    const conflicts = await eachLimited(customers, QUERY_CONCURRENCY, (customer) =>
      conflictByQueries(deps, customer, onFile(customer.customerId)),
    );
    return { conflicts, holders };
  }
  const othersOf = (customer: Customer) => [
    ...new Set(
      contactsOf(customer)
        .flatMap((contact) => holders.get(contactKey(contact)) ?? [])
        .filter((id) => id !== customer.customerId),
    ),
  ];
  const records = new Map(
    (await deps.store.customers.getMany([...new Set(customers.flatMap(othersOf))])).map((record) => [
      record.customer.customerId,
      record,
    ]),
  );
  const conflicts = customers.map((customer) => {
    const filed = onFile(customer.customerId);
    const others = othersOf(customer).flatMap((id) => records.get(id) ?? []);
    return contactConflict(
      customer,
      (filed ? [filed, ...others] : others).map((record) => record.customer),
    );
  });
  return { conflicts, holders };
}

/**
 * Puts each customer among the holders of their contacts before their
 * profile is written, so the items never miss a holder (a crash in between
 * leaves a holder who does not hold it yet, which readers check). A batch
 * writes each changed item whole, merged with `known` (what it read, else
 * read here); one customer (`known: 'one'`) adds to the sets, which no
 * concurrent save can undo.
 */
export async function holdContacts(
  deps: StoreDeps<'contacts'>,
  customers: readonly Customer[],
  known?: ContactHolders | 'one',
): Promise<void> {
  const holders =
    known === undefined || known === 'one'
      ? await deps.store.contacts.holders(customers.flatMap(contactsOf))
      : known;
  const holding: ContactHolding[] = customers.flatMap(({ customerId, ...customer }) =>
    contactsOf(customer)
      .filter((contact) => !holders?.get(contactKey(contact))?.includes(customerId))
      .map((contact) => ({ contact, customerId })),
  );
  if (holding.length > 0) await deps.store.contacts.add(holding, known === 'one' ? undefined : holders);
}

const BACKFILL_PAGE = 500;

/**
 * The migration to the contact items: every customer of the directory is
 * added to the holders of their contacts, then the marker says the items are
 * complete. A table that has the marker answers at once; run on start (local)
 * and after each deploy (AWS). Filings meanwhile add themselves (one holder at
 * a time while the marker is missing), so nobody is lost between the pages.
 */
export async function indexContacts(deps: StoreDeps<'contacts' | 'directory'>): Promise<number> {
  if (await deps.store.contacts.holders([])) return 0;
  let indexed = 0;
  let cursor: Parameters<typeof deps.store.directory.page>[1];
  do {
    const page = await deps.store.directory.page(undefined, cursor, BACKFILL_PAGE);
    const holding = page.entries.flatMap(({ customerId, card }) =>
      contactsOf(card).map((contact) => ({ contact, customerId })),
    );
    if (holding.length > 0) await deps.store.contacts.add(holding);
    indexed += page.entries.length;
    cursor = page.next;
  } while (cursor);
  await deps.store.contacts.markComplete();
  return indexed;
}
