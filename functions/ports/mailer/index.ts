/** An email ready to leave: rendered, addressed, with its routing headers. */
export interface OutgoingEmail {
  messageId: string;
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers such as List-Unsubscribe; values are checked for CR/LF. */
  headers: Record<string, string>;
  /** Who and what the message is for: tags for the provider and the local outbox. */
  context: { customerId: string; rule: string };
}

/**
 * Sends email. SES on AWS; the same SES code against a local SES server locally.
 * @example const { providerMessageId } = await mailer.send(email);
 */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
}
