import { useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { ConfirmButton } from '../confirm';
import { t } from '../i18n';
import { ErrorNote, useLoad } from '../ui';
import { DetailFields, OfferFields, useTemplateNeeds } from './campaign-fields';
import { type Form, initial, newKey, requestOf, segmentOf } from './campaign-form';
import { type Audience, AudienceLine, type DryRun, DryRunView } from './campaign-preview';
import { filterOf, SaveSegment, SegmentBuilder } from './campaign-segment';
import { VisitFields } from './campaign-visit';
import type { TemplateSummary } from './templates';

/** The compose form: every option of `POST /v1/campaigns`, adapting to the kind and the template chosen. */
export function Compose({ onCreated }: { onCreated: () => void }) {
  const templates = useLoad<{ templates: TemplateSummary[] }>('/v1/templates');
  const segments = useLoad<{ segments: { id: string; name: string }[] }>('/v1/segments');
  const [form, setForm] = useState<Form>(initial);
  const [count, setCount] = useState<Audience>();
  const [dryRun, setDryRun] = useState<DryRun>();
  const [created, setCreated] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [key, setKey] = useState(newKey);
  const busy = useRef(false);
  const needs = useTemplateNeeds(
    form.kind === 'visit'
      ? [form.visitTemplates.before || 'visit-announcement', form.visitTemplates.arrival || 'visit-arrival']
      : form.template
        ? [form.template]
        : [],
  );
  const set = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch });
    setCount(undefined);
    setDryRun(undefined);
  };
  const request = () => requestOf(form, needs?.details.map((d) => d.name) ?? []);
  const countNow = async () => {
    setError(undefined);
    try {
      const segment = segmentOf(form);
      const visitFilter = form.kind === 'visit' ? { city: [form.visit.city.trim()] } : {};
      const body =
        typeof segment === 'string'
          ? { segment }
          : { filter: { ...(segment?.everyone ? {} : segment), ...visitFilter } };
      setCount(await api<Audience>('POST', '/v1/segments/count', { ...body, channels: form.channels }));
    } catch (e) {
      setError(e);
    }
  };
  const tryRun = async () => {
    setError(undefined);
    setCreated(undefined);
    try {
      setDryRun(await api<DryRun>('POST', '/v1/campaigns', { ...request(), dryRun: true }));
    } catch (e) {
      setError(e);
    }
  };
  const schedule = async () => {
    // A second click before the answer is the same request: the key would make it one campaign anyway.
    if (busy.current) return;
    busy.current = true;
    setError(undefined);
    try {
      await api('POST', '/v1/campaigns', request(), { 'idempotency-key': key });
      setCreated(form.name);
      setDryRun(undefined);
      setKey(newKey());
      onCreated();
    } catch (e) {
      setError(e);
    } finally {
      busy.current = false;
    }
  };
  return (
    <form class="card compose" onSubmit={(e) => e.preventDefault()}>
      <h3>{t('compose')}</h3>
      <label>
        {t('name')}
        <input name="campaign-name" value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} />
      </label>
      <label>
        {t('cmpKind')}
        <select
          name="kind"
          value={form.kind}
          onChange={(e) => {
            const kind = e.currentTarget.value as Form['kind'];
            // A visit is announced by text unless told otherwise, as the API does.
            set({ kind, channels: kind === 'visit' ? 'sms' : 'email' });
          }}
        >
          <option value="message">{t('cmpKindMessage')}</option>
          <option value="visit">{t('cmpKindVisit')}</option>
        </select>
      </label>
      {form.kind === 'message' ? (
        <label>
          {t('template')}
          <select
            name="template"
            value={form.template}
            onChange={(e) => set({ template: e.currentTarget.value })}
          >
            <option value="">—</option>
            {templates.data?.templates.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.id}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <>
          <VisitFields form={form.visit} onChange={(visit) => set({ visit })} />
          {(['before', 'arrival'] as const).map((which) => (
            <label key={which}>
              {t(which === 'before' ? 'cmpVisitTemplateBefore' : 'cmpVisitTemplateArrival')}
              <select
                name={`visit-template-${which}`}
                value={form.visitTemplates[which]}
                onChange={(e) =>
                  set({ visitTemplates: { ...form.visitTemplates, [which]: e.currentTarget.value } })
                }
              >
                <option value="">{which === 'before' ? 'visit-announcement' : 'visit-arrival'}</option>
                {templates.data?.templates.map((tpl) => (
                  <option key={tpl.id} value={tpl.id}>
                    {tpl.id}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </>
      )}
      {needs && <DetailFields needs={needs} values={form.details} onChange={(details) => set({ details })} />}
      <label>
        {t('channels')}
        <select
          name="channels"
          value={form.channels}
          onChange={(e) => set({ channels: e.currentTarget.value as Form['channels'] })}
        >
          {['email', 'sms', 'email-then-sms'].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{form.kind === 'visit' ? t('cmpVisitNarrow') : t('segment')}</legend>
        {(['build', 'saved'] as const).map((mode) => (
          <label class="inline" key={mode}>
            <input
              type="radio"
              name="segment-mode"
              checked={form.segmentMode === mode}
              onChange={() => set({ segmentMode: mode })}
            />
            {mode === 'saved' ? t('savedSegment') : t('buildSegment')}
          </label>
        ))}
        {form.segmentMode === 'saved' ? (
          <>
            <label>
              {t('savedSegment')}
              <select
                name="segment-id"
                value={form.segmentId}
                onChange={(e) => set({ segmentId: e.currentTarget.value })}
              >
                <option value="">—</option>
                {segments.data?.segments.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.id})
                  </option>
                ))}
              </select>
            </label>
            {form.segmentId && (
              <a
                class="button"
                href={`/v1/customers/export.csv?segment=${encodeURIComponent(form.segmentId)}`}
                download={`${form.segmentId}.csv`}
              >
                {t('exportCsv')}
              </a>
            )}
          </>
        ) : (
          <>
            <SegmentBuilder form={form.segment} onChange={(segment) => set({ segment })} />
            <SaveSegment filter={filterOf(form.segment)} onSaved={segments.reload} />
          </>
        )}
        <button type="button" onClick={countNow}>
          {t('count')}
        </button>{' '}
        {count && <AudienceLine audience={count} />}
      </fieldset>
      {form.kind === 'message' && (
        <>
          <OfferFields
            form={form.offer}
            needed={needs?.offer ?? false}
            onChange={(offer) => set({ offer })}
          />
          <fieldset>
            <legend>{t('cmpWhen')}</legend>
            {(['now', 'later'] as const).map((mode) => (
              <label class="inline" key={mode}>
                <input
                  type="radio"
                  name="send-mode"
                  checked={form.sendMode === mode}
                  onChange={() => set({ sendMode: mode })}
                />
                {mode === 'now' ? t('cmpSendNow') : t('cmpSendLater')}
              </label>
            ))}
            {form.sendMode === 'later' && (
              <label>
                {t('sendAt')}
                <input
                  type="datetime-local"
                  name="send-at"
                  value={form.sendAt}
                  onInput={(e) => set({ sendAt: e.currentTarget.value })}
                />
              </label>
            )}
          </fieldset>
          <label class="inline">
            <input
              type="checkbox"
              name="chase"
              checked={form.chase}
              onChange={(e) => set({ chase: e.currentTarget.checked })}
            />
            {t('cmpChase')}
          </label>
          <label>
            {t('cmpMaxDelay')}
            <input
              type="number"
              name="max-delay-days"
              min={0}
              max={14}
              value={form.maxDelayDays}
              onInput={(e) => set({ maxDelayDays: e.currentTarget.value })}
            />
          </label>
        </>
      )}
      <label>
        {t('cmpSpread')}
        <input
          type="number"
          name="spread-minutes"
          min={0}
          max={240}
          value={form.spreadMinutes}
          onInput={(e) => set({ spreadMinutes: e.currentTarget.value })}
        />
      </label>
      <div class="row wrap">
        <button type="button" onClick={tryRun}>
          {t('dryRun')}
        </button>
        <ConfirmButton
          label={t('schedule')}
          warning={t('cmpScheduleWarning', { name: form.name })}
          onConfirm={schedule}
        />
      </div>
      <ErrorNote error={error} />
      {created && <p class="ok">{t('cmpScheduled', { name: created })}</p>}
      {dryRun && <DryRunView result={dryRun} />}
    </form>
  );
}
