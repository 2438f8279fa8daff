/** Idempotency receipts (webhook ids, inbound message ids), forgotten after `expiresAt`. */
export interface ReceiptRepo {
  /** True the first time `key` is claimed, false for every repeat. */
  claim(key: string, expiresAt: Date): Promise<boolean>;
  release(key: string): Promise<void>;
}
