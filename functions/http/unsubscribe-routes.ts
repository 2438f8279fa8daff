import { Hono } from 'hono';
import { html } from 'hono/html';
import * as z from 'zod';
import { exitChases } from '../core/cadence/chase';
import { linkBinds, readUnsubscribeToken } from '../core/sending/unsubscribe-token';
import { exitRuns } from '../core/sequences/sequence-run';
import { countCampaignEvent } from '../engine/campaigns/campaign-counts';
import { countTemplateEvent, sendWeekOf } from '../engine/delivery-events/template-counts';
import type { EngineDeps } from '../engine/deps';
import { updateState } from '../engine/fire/update-state';
import { suppressAddress } from '../engine/send/suppression';
import type { ApiOperation } from './api-operation';

const tokenPath = z.lazy(() => z.object({ token: z.string().min(1) }));

/** The unsubscribe routes as the OpenAPI document describes them (HTML answers). */
export const unsubscribeOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/u/{token}',
    tag: 'Unsubscribe',
    summary: 'The unsubscribe page with its button (a GET never unsubscribes)',
    auth: 'none',
    params: tokenPath,
    responses: { 200: { description: 'HTML page' }, 404: { description: 'The link is not valid' } },
  },
  {
    method: 'post',
    path: '/u/{token}',
    tag: 'Unsubscribe',
    summary: 'RFC 8058 one-click unsubscribe',
    auth: 'none',
    params: tokenPath,
    responses: {
      200: { description: 'Unsubscribed (again harmlessly)' },
      404: { description: 'The link is not valid' },
    },
  },
];

/**
 * `/u/<token>`: the List-Unsubscribe target. POST is the RFC 8058 one-click
 * unsubscribe mail clients send; GET shows a page with a button, because link
 * scanners follow GETs and must not unsubscribe anyone.
 */
export function unsubscribeRoutes(deps: EngineDeps): Hono {
  const app = new Hono();
  const page = (title: string, body: ReturnType<typeof html>) =>
    html`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body style="font-family:system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem">${body}</body></html>`;

  const done = page('Unsubscribed', html`<p>You are unsubscribed. 您已退订。</p>`);

  app.get('/:token', (c) => {
    if (!readUnsubscribeToken(c.req.param('token'), deps.settings.signingKey)) {
      return c.html(
        page('Link not valid', html`<p>This unsubscribe link is not valid. 此退订链接无效。</p>`),
        404,
      );
    }
    return c.html(
      page(
        'Unsubscribe',
        html`<p>Stop receiving these messages? 不再接收这些消息?</p><form method="post"><button type="submit">Unsubscribe 退订</button></form>`,
      ),
    );
  });

  app.post('/:token', async (c) => {
    const target = readUnsubscribeToken(c.req.param('token'), deps.settings.signingKey);
    if (!target) return c.html(page('Link not valid', html`<p>This unsubscribe link is not valid.</p>`), 404);
    let unsubscribed = false;
    let stale = false;
    const record = await updateState(deps, target.customerId, (current, now) => {
      const address = target.channel === 'email' ? current.customer.email : current.customer.phone;
      // A link sent to an address the customer has since changed speaks for that old address only.
      stale = !linkBinds(target, address, deps.settings.signingKey);
      unsubscribed = !stale && !current.state.suppressed[target.channel];
      return unsubscribed
        ? {
            state: {
              ...current.state,
              chases: exitChases(current.state.chases, deps.rules, 'unsubscribe', now),
              sequences: exitRuns(
                current.state.sequences,
                deps.rules.sequences,
                { kind: 'unsubscribe' },
                now,
              ),
              suppressed: {
                ...current.state.suppressed,
                [target.channel]: { reason: 'unsubscribe', at: now.toISOString() },
              },
            },
          }
        : undefined;
    });
    if (stale) {
      deps.log('customer.unsubscribe-stale', { customerId: target.customerId, channel: target.channel });
      return c.html(done);
    }
    // The address goes on the suppression list too (again harmlessly on a repeat), so no
    // other customer file holding it, and no later change of file, messages it again.
    const address = target.channel === 'email' ? record.customer.email : record.customer.phone;
    if (address) await suppressAddress(deps, address, 'unsubscribe', 'one-click');
    if (unsubscribed) {
      // The link names the customer and channel, not the message: the latest one there is what it came with.
      const latest = record.state.lastSent[target.channel];
      const message = latest && (await deps.store.timeline.getMessage(target.customerId, latest.messageId));
      if (message) await countTemplateEvent(deps, message.template, 'unsubscribed', sendWeekOf(message));
      if (message) await countCampaignEvent(deps, message, 'unsubscribed');
    }
    const flag = record.state.suppressed[target.channel];
    if (flag?.reason === 'unsubscribe') {
      // From the flag's own time: a repeated click emits the same event, which receivers drop.
      await deps.webhooks.emit(
        'customer.unsubscribed',
        { customerId: target.customerId, channel: target.channel, source: 'one-click', at: flag.at },
        { subject: { customerId: target.customerId }, key: [target.channel, flag.at] },
      );
    }
    deps.log('customer.unsubscribed', { customerId: target.customerId, channel: target.channel });
    return c.html(done);
  });
  return app;
}
