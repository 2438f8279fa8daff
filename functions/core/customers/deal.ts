import * as z from 'zod';
import { storableNumber } from '../validation';
import { customerIdSchema } from './customer';

export const dealStages = ['ordered', 'in_production', 'shipped', 'completed', 'cancelled'] as const;
export type DealStage = (typeof dealStages)[number];

const isoInstant = z.lazy(() => z.iso.datetime({ offset: true }));
const isoDateOrInstant = z.lazy(() =>
  z.union([z.iso.date(), isoInstant], {
    error: 'must be an ISO 8601 date or date-time',
  }),
);

const dealItemSchema = z.lazy(() =>
  z.strictObject({
    name: z.string().min(1).max(200),
    variant: z.string().max(200).optional(),
    size: z.string().max(50).optional(),
    color: z.string().max(50).optional(),
    /** Layout or build, e.g. "3 bedrooms" for a flat (seed 003's 结构). */
    structure: z.string().max(200).optional(),
    /** Term or age in years, e.g. a warranty or a property's remaining years (年限). */
    years: z.number().nonnegative().max(1000).optional(),
    usage: z.string().max(500).optional(),
    quantity: z.number().int().positive().max(1_000_000).default(1),
    unitPrice: storableNumber().nonnegative().optional(),
  }),
);

/**
 * A deal at one stage of its life, as the backend's webhook reports it. The
 * same deal arrives again at each stage; (dealId, stage) is its identity.
 */
export const dealSchema = z.lazy(() =>
  z.strictObject({
    dealId: z.string().regex(/^[\w.:@-]{1,128}$/, 'must be 1-128 characters of letters, digits, . _ : @ -'),
    /** The order number the customer knows, when it is not the deal id itself (e.g. `SO-2027-0042`). */
    orderRef: z.string().trim().min(1).max(64).optional(),
    customerId: customerIdSchema,
    stage: z.enum(dealStages),
    items: z.array(dealItemSchema).max(200).default([]),
    amount: storableNumber().nonnegative().optional(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as CNY')
      .transform((c) => c.toUpperCase())
      .optional(),
    expectedAt: isoDateOrInstant.optional(),
    occurredAt: isoInstant.optional(),
    notes: z.string().max(2000).optional(),
    /** An old-customer offer code the customer used on this deal (from a campaign). */
    offerCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{2,39}$/, 'must be an offer code such as SPRING-7K3M9QX2TD')
      .optional(),
  }),
);

export type Deal = z.output<typeof dealSchema>;

/** The deal ids an import makes from a row's content (`d-` and 24 hex digits): internal, never shown. */
export const IMPORTED_DEAL_ID = /^d-[0-9a-f]{24}$/;

/** The order reference a customer may be shown: the backend's `orderRef` or its own id, never an import's. */
export function orderRefOf(deal: Pick<Deal, 'dealId' | 'orderRef'>): string | null {
  return deal.orderRef ?? (IMPORTED_DEAL_ID.test(deal.dealId) ? null : deal.dealId);
}

/** The deal's value: its amount, or the sum of its items when no amount is given. */
export function dealValue(deal: Pick<Deal, 'amount' | 'items'>): number {
  if (deal.amount !== undefined) return deal.amount;
  return deal.items.reduce((sum, item) => sum + (item.unitPrice ?? 0) * item.quantity, 0);
}
