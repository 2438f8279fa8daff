/** An email address or an E.164 phone number a customer is reached at. */
export type Contact = { email: string } | { phone: string };

/** Who holds each contact, keyed by `contactKey`: the customer ids, sorted. */
export type ContactHolders = ReadonlyMap<string, readonly string[]>;

/**
 * One item per email and per phone listing the customers filed with it, so a
 * batch learns who holds its contacts in one BatchGetItem instead of a query
 * per contact. A list may name customers who no longer hold the contact (a
 * changed address): readers check the holders' profiles. It never misses one
 * once `complete`: every write of a contact adds its holder before the
 * profile is written.
 * @example const holders = await store.contacts.holders([{ phone: '+8613900000000' }]);
 */
export interface ContactRepo {
  /**
   * The holders of each contact (none for a contact nobody holds), or
   * undefined while the items are not complete for the table (data filed
   * before them, not yet indexed): the caller then asks the contact indexes.
   */
  holders(contacts: readonly Contact[]): Promise<ContactHolders | undefined>;
  /**
   * Adds each customer to the holders of their contact, in batches. `known`
   * is what `holders` answered for them, when the caller read it already.
   */
  add(entries: readonly ContactHolding[], known?: ContactHolders): Promise<void>;
  /** Takes a customer off a contact's holders (an erasure): the item goes with its last holder. */
  remove(entry: ContactHolding): Promise<void>;
  /** Records that every customer on file is in the items: from now on `holders` answers. */
  markComplete(): Promise<void>;
}

export interface ContactHolding {
  contact: Contact;
  customerId: string;
}

/** The key `ContactHolders` uses for a contact: emails case-insensitive, phones as given (E.164). */
export function contactKey(contact: Contact): string {
  return 'email' in contact ? `e:${contact.email.trim().toLowerCase()}` : `p:${contact.phone}`;
}

/** The contacts a customer is filed with. */
export function contactsOf(customer: { email?: string; phone?: string }): Contact[] {
  return [
    ...(customer.phone === undefined ? [] : [{ phone: customer.phone }]),
    ...(customer.email === undefined ? [] : [{ email: customer.email }]),
  ];
}
