export interface OutgoingSms {
  messageId: string;
  to: string;
  body: string;
  /** Transactional SMS (acknowledgements, order notices) route differently from promotional. */
  kind: 'transactional' | 'promotional';
  context: { customerId: string; rule: string };
}

/**
 * Sends SMS. SNS Publish on AWS; an outbox in the store locally.
 * @example await sms.send({ messageId, to: '+8613800138000', body: '…', kind: 'promotional' });
 */
export interface Sms {
  send(message: OutgoingSms): Promise<{ providerMessageId: string }>;
}
