import type { Deal, DealStage } from '../../core/customers/deal';

export interface DealRecord {
  deal: Deal;
  /** When each stage was reported; a stage is recorded once. */
  stages: Partial<Record<DealStage, string>>;
  updatedAt: string;
}

export interface DealRepo {
  /** Records the deal at its stage once; a repeated (dealId, stage) is a duplicate. */
  recordStage(deal: Deal, receivedAt: Date): Promise<'recorded' | 'duplicate'>;
  /** Every stage recorded for the customer's deals, each as it arrived, oldest first. */
  stagesOf(customerId: string): Promise<Deal[]>;
}
