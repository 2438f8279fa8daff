import { t } from '../i18n';
import type { campaignEn } from '../i18n-campaigns';

/** A visit announcement's fields: where and when the salesperson travels, where to reach them there. */
export interface VisitForm {
  owner: string;
  city: string;
  country: string;
  arrival: string;
  departure: string;
  hotel: string;
  phone: string;
  daysBefore: string;
  time: string;
}

export const emptyVisit: VisitForm = {
  owner: '',
  city: '',
  country: '',
  arrival: '',
  departure: '',
  hotel: '',
  phone: '',
  daysBefore: '3',
  time: '10:00',
};

/** The API's `visit` object: the optional fields only when given. */
export function visitOf(form: VisitForm): Record<string, unknown> {
  return {
    city: form.city.trim(),
    ...(form.country.trim() ? { country: form.country.trim().toUpperCase() } : {}),
    ...(form.owner.trim() ? { owner: form.owner.trim() } : {}),
    arrival: form.arrival,
    departure: form.departure,
    hotel: form.hotel.trim(),
    phone: form.phone.trim(),
    daysBefore: Number(form.daysBefore),
  };
}

const fields: [keyof VisitForm, keyof typeof campaignEn, string, boolean][] = [
  ['city', 'cmpVisitCity', 'text', true],
  ['country', 'cmpVisitCountry', 'text', false],
  ['owner', 'cmpVisitOwner', 'text', false],
  ['arrival', 'cmpVisitArrival', 'date', true],
  ['departure', 'cmpVisitDeparture', 'date', true],
  ['hotel', 'cmpVisitHotel', 'text', true],
  ['phone', 'cmpVisitPhone', 'tel', true],
  ['daysBefore', 'cmpVisitDaysBefore', 'number', true],
  ['time', 'cmpVisitTime', 'time', true],
];

export function VisitFields({ form, onChange }: { form: VisitForm; onChange: (form: VisitForm) => void }) {
  return (
    <fieldset class="fields" data-testid="visit-fields">
      <legend>{t('cmpKindVisit')}</legend>
      {fields.map(([key, label, type, required]) => (
        <label key={key}>
          {t(label)}
          <input
            name={`visit-${key}`}
            type={type}
            required={required}
            {...(key === 'daysBefore' ? { min: 1, max: 30 } : {})}
            value={form[key]}
            onInput={(e) => onChange({ ...form, [key]: e.currentTarget.value })}
          />
        </label>
      ))}
    </fieldset>
  );
}
