import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { campaignEn } from '../i18n-campaigns';

/** What the chosen templates read from a campaign: its details (and which are optional) and an offer code. */
export interface TemplateNeeds {
  details: { name: string; optional: boolean }[];
  offer: boolean;
}

interface TemplateDetail {
  sources: { subject?: string; body: string; text?: string }[];
}

/**
 * Reads the templates' live sources for the `campaign.details.<name>` they
 * use: a detail only ever tested by an `if` is optional, any other must be
 * given or strict rendering refuses the campaign.
 */
export function needsOf(sources: TemplateDetail['sources']): TemplateNeeds {
  const text = sources.map((s) => `${s.subject ?? ''}\n${s.body}\n${s.text ?? ''}`).join('\n');
  const names = new Set([...text.matchAll(/campaign\.details\.([A-Za-z]\w*)/g)].map((m) => m[1] as string));
  const details = [...names].map((name) => {
    const uses = text.split(`campaign.details.${name}`).length - 1;
    const tests = [
      ...text.matchAll(new RegExp(`\\{%-?\\s*(?:if|unless)\\s+campaign\\.details\\.${name}\\b`, 'g')),
    ].length;
    // Each `{% if x %}…{{ x }}…` uses x twice; a use outside such a guard makes it required.
    return { name, optional: tests > 0 && uses <= tests * 2 };
  });
  return { details, offer: /\boffer\.(code|expires)/.test(text) };
}

/** The needs of every template named (a visit sends two). */
export function useTemplateNeeds(ids: string[]): TemplateNeeds | undefined {
  const [needs, setNeeds] = useState<TemplateNeeds>();
  const key = ids.join(',');
  useEffect(() => {
    setNeeds(undefined);
    if (!key) return;
    let live = true;
    Promise.all(
      key.split(',').map((id) => api<TemplateDetail>('GET', `/v1/templates/${encodeURIComponent(id)}`)),
    ).then(
      (details) => live && setNeeds(needsOf(details.flatMap((d) => d.sources))),
      () => live && setNeeds({ details: [], offer: false }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return needs;
}

const labelOf = (name: string) => {
  const key = `cmpDetail_${name}`;
  return key in campaignEn ? t(key as keyof typeof campaignEn) : name;
};

/** A field per detail the templates read, labelled in words where the detail is a known one. */
export function DetailFields(props: {
  needs: TemplateNeeds;
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}) {
  return (
    <fieldset data-testid="campaign-details">
      <legend>{t('cmpDetails')}</legend>
      {props.needs.details.length === 0 && <p class="muted">{t('cmpDetailsNone')}</p>}
      {props.needs.details.map(({ name, optional }) => (
        <label key={name}>
          {labelOf(name)}
          <input
            name={`detail-${name}`}
            required={!optional}
            value={props.values[name] ?? ''}
            onInput={(e) => props.onChange({ ...props.values, [name]: e.currentTarget.value })}
          />
        </label>
      ))}
    </fieldset>
  );
}

export interface OfferForm {
  on: boolean;
  prefix: string;
  until: 'days' | 'date';
  validDays: string;
  expiresOn: string;
}

export const emptyOffer: OfferForm = {
  on: false,
  prefix: 'OFFER',
  until: 'days',
  validDays: '30',
  expiresOn: '',
};

/** The API's `offer` from the form, or undefined when off. */
export function offerOf(form: OfferForm): Record<string, unknown> | undefined {
  if (!form.on) return undefined;
  const prefix = form.prefix.trim().toUpperCase() || 'OFFER';
  return form.until === 'days'
    ? { prefix, validDays: Number(form.validDays) }
    : { prefix, expiresOn: form.expiresOn };
}

export function OfferFields(props: {
  form: OfferForm;
  needed: boolean;
  onChange: (form: OfferForm) => void;
}) {
  const { form } = props;
  const set = (patch: Partial<OfferForm>) => props.onChange({ ...form, ...patch });
  return (
    <fieldset>
      <legend>{t('cmpOffer')}</legend>
      {props.needed && <p class="muted">{t('cmpOfferNeeded')}</p>}
      <label class="inline">
        <input
          type="checkbox"
          name="offer-on"
          checked={form.on}
          onChange={(e) => set({ on: e.currentTarget.checked })}
        />
        {t('cmpOffer')}
      </label>
      {form.on && (
        <div class="fields">
          <label>
            {t('cmpOfferPrefix')}
            <input
              name="offer-prefix"
              value={form.prefix}
              onInput={(e) => set({ prefix: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('cmpOfferValidDays')}
            <input
              name="offer-valid-days"
              type="number"
              min={1}
              max={365}
              value={form.validDays}
              onInput={(e) => set({ validDays: e.currentTarget.value, until: 'days' })}
            />
          </label>
          <label>
            {t('cmpOfferExpiresOn')}
            <input
              name="offer-expires-on"
              type="date"
              value={form.expiresOn}
              onInput={(e) =>
                set({ expiresOn: e.currentTarget.value, until: e.currentTarget.value ? 'date' : 'days' })
              }
            />
          </label>
        </div>
      )}
    </fieldset>
  );
}
