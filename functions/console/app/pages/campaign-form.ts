import { emptyOffer, type OfferForm, offerOf } from './campaign-fields';
import { emptySegment, filterOf, type SegmentForm } from './campaign-segment';
import { emptyVisit, type VisitForm, visitOf } from './campaign-visit';

/** The compose form's state: everything `POST /v1/campaigns` takes, as typed. */
export interface Form {
  kind: 'message' | 'visit';
  name: string;
  template: string;
  channels: 'email' | 'sms' | 'email-then-sms';
  segmentMode: 'saved' | 'build';
  segmentId: string;
  segment: SegmentForm;
  sendMode: 'now' | 'later';
  sendAt: string;
  details: Record<string, string>;
  offer: OfferForm;
  chase: boolean;
  spreadMinutes: string;
  maxDelayDays: string;
  visit: VisitForm;
  /** A visit's own templates instead of visit-announcement and visit-arrival ('' for those). */
  visitTemplates: { before: string; arrival: string };
}

export const initial: Form = {
  kind: 'message',
  name: '',
  template: '',
  channels: 'email',
  segmentMode: 'build',
  segmentId: '',
  segment: emptySegment,
  sendMode: 'later',
  sendAt: '',
  details: {},
  offer: emptyOffer,
  chase: false,
  spreadMinutes: '60',
  maxDelayDays: '2',
  visit: emptyVisit,
  visitTemplates: { before: '', arrival: '' },
};

/** One key per form instance: a retried or double-clicked schedule is one campaign. */
export const newKey = () => `console-${crypto.randomUUID()}`;

/** The segment part of the request; a visit's builder only narrows (city, country, owner come from the visit). */
export function segmentOf(form: Form): string | Record<string, unknown> | undefined {
  if (form.segmentMode === 'saved') return form.segmentId || undefined;
  if (form.kind === 'message') return filterOf(form.segment);
  const narrowing = filterOf(form.segment, { allowEmpty: true });
  return Object.keys(narrowing).length && !narrowing.everyone ? narrowing : undefined;
}

/** The request body from the form: details only those the templates read, options only when given. */
export function requestOf(form: Form, needs: string[]): Record<string, unknown> {
  const details = Object.fromEntries(
    Object.entries(form.details).filter(([name, value]) => needs.includes(name) && value.trim() !== ''),
  );
  const segment = segmentOf(form);
  const common = {
    name: form.name,
    channels: form.channels,
    spreadMinutes: Number(form.spreadMinutes),
    ...(Object.keys(details).length ? { details } : {}),
    ...(segment !== undefined ? { segment } : {}),
  };
  if (form.kind === 'visit') {
    const templates = Object.fromEntries(Object.entries(form.visitTemplates).filter(([, id]) => id));
    return {
      kind: 'visit',
      ...common,
      sendAt: form.visit.time,
      visit: visitOf(form.visit),
      ...(Object.keys(templates).length ? { templates } : {}),
    };
  }
  const offer = offerOf(form.offer);
  return {
    kind: 'message',
    ...common,
    template: form.template,
    sendAt: form.sendMode === 'now' ? 'now' : form.sendAt,
    chase: form.chase,
    maxDelayDays: Number(form.maxDelayDays),
    ...(offer ? { offer } : {}),
  };
}
