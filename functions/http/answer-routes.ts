import { Hono } from 'hono';
import * as z from 'zod';
import { customerIdSchema } from '../core/customers/customer';
import { NotFoundError, ProviderError, UnreachableError } from '../core/errors';
import { CARE_ROLES, type Principal } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import { recordAudit } from '../engine/audit/audit';
import { requireInScope } from '../engine/customers/customer-scope';
import type { EngineDeps } from '../engine/deps';
import { answerCustomer, type OwnerAnswer, previewAnswer } from '../engine/replies/owner-answers';
import { actorFor, principalOf, scopeFor } from './access';
import type { ApiOperation } from './api-operation';
import { jsonBody } from './body';
import { idempotencyKey } from './idempotency-key';

const customerIdParam = z.lazy(() => z.strictObject({ customerId: customerIdSchema }));

export const answerSchema = z.lazy(() =>
  z.strictObject({
    text: z.string().trim().min(1, 'write the answer').max(20_000, 'at most 20,000 characters'),
    replyId: z.string().min(1).max(200).optional().describe('The reply answered: its channel and thread'),
    channel: z.enum(['email', 'sms']).optional().describe("Default: the reply's channel, else email"),
    preview: z
      .boolean()
      .default(false)
      .describe('Render the answer as the customer will get it; send nothing'),
  }),
);

/** Who writes: a person signs with their own address; a key or the shared password as the business. */
function authorOf(principal: Principal, deps: EngineDeps): OwnerAnswer['by'] {
  if (principal.kind === 'user') return { email: principal.user.email, name: principal.user.name };
  return { email: deps.settings.fromAddress, name: deps.settings.businessName };
}

/** The `/v1/customers/{customerId}/answers` operation. */
export const answerOperations = (): ApiOperation[] => [
  {
    method: 'post',
    path: '/v1/customers/{customerId}/answers',
    tag: 'Customers',
    summary: 'Answer the customer in your own words, on the channel they wrote on (owner loop)',
    description:
      'Sent through the one send path as the owner answering an alert by mail: from the business address ' +
      'under the writer’s name, threaded to the reply it answers, no caps, no effect on the chase or the ' +
      'suppression list; on the timeline as `rule: owner-answer` with `by`. An `Idempotency-Key` makes a ' +
      'retried request one answer. With `preview: true` nothing is sent: the answer is rendered as the ' +
      'customer will get it.',
    auth: 'api-key',
    roles: CARE_ROLES,
    ownersSeeTheirs: true,
    params: customerIdParam,
    body: answerSchema,
    responses: {
      200: {
        description:
          '`{ preview: { channel, to, from, subject?, text, html? } }`, or a repeat: `{ status: "duplicate", message }`',
      },
      201: { description: '`{ status: "relayed", message }`' },
      404: { description: 'No such customer (or another owner’s), or no such reply on their file' },
      409: {
        description: '`{ status: "unreachable", reason }`: the customer cannot be reached on that channel',
      },
    },
  },
];

/** `/v1/customers/{customerId}/answers`: a person answering the customer straight back. */
export function answerRoutes(deps: EngineDeps, newId: () => string): Hono {
  const app = new Hono();
  app.post('/:customerId/answers', async (c) => {
    const { customerId } = parseOrThrow(customerIdParam, c.req.param(), 'customer id');
    const request = parseOrThrow(answerSchema, await jsonBody(c), 'answer');
    const key = idempotencyKey(c.req.header('idempotency-key'));
    await requireInScope(deps, customerId, scopeFor(c));
    const answering = request.replyId
      ? await deps.store.timeline.getEntry({ type: 'reply', customerId, id: request.replyId })
      : undefined;
    if (request.replyId && !answering) {
      throw new NotFoundError(`customer ${customerId} has no reply ${request.replyId}`);
    }
    const answer: OwnerAnswer = {
      customerId,
      ...(request.channel ? { channel: request.channel } : {}),
      text: request.text,
      occurrence: `console:${key ?? newId()}`,
      by: authorOf(principalOf(c), deps),
      ...(answering ? { answering } : {}),
    };
    if (request.preview) return c.json({ preview: await previewAnswer(deps, answer) });
    const outcome = await answerCustomer(deps, answer);
    switch (outcome.status) {
      case 'relayed':
        await recordAudit(deps, {
          by: actorFor(c),
          action: 'customer.answered',
          target: `customer:${customerId}`,
          after: { messageId: outcome.message.id, channel: outcome.message.channel },
        });
        return c.json(outcome, 201);
      case 'duplicate':
        return c.json(outcome, 200);
      case 'unreachable':
        throw new UnreachableError(
          `customer ${customerId} cannot be reached by ${answer.channel}: ${outcome.reason}`,
        );
      case 'failed':
        throw new ProviderError(`the answer could not be sent: ${outcome.error}`);
    }
  });
  return app;
}
