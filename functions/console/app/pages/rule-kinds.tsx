import { assertNever } from '../../../core/assert-never';
import type { RuleKind } from '../../../core/cadence/rule-set';
import { t } from '../i18n';
import {
  ChannelField,
  CheckField,
  DEAL_STAGES,
  type KindProps,
  NumberField,
  num,
  str,
  TemplateField,
  TIERS,
  TiersField,
  TimeField,
} from './rule-fields';
import { Caps, type ChaseStep, ChaseSteps, DaysOfMonthField } from './rule-lists';

/** The fields every cadence rule has, with the engine's defaults when the file leaves them out. */
function CommonFields({ draft, set }: KindProps) {
  return (
    <>
      <CheckField
        path="enabled"
        label={t('ruleEnabled')}
        checked={draft.enabled !== false}
        onChange={(on) => set('enabled', on)}
      />
      <ChannelField value={str(draft.channels, 'email-then-sms')} onChange={(v) => set('channels', v)} />
      <TimeField
        path="sendAt"
        label={t('ruleSendAt')}
        value={str(draft.sendAt, '10:00')}
        onChange={(v) => set('sendAt', v)}
      />
      <NumberField
        path="spreadMinutes"
        label={t('ruleSpread')}
        value={num(draft.spreadMinutes, 120)}
        min={0}
        max={720}
        unit={t('unitMinutes')}
        onChange={(v) => set('spreadMinutes', v)}
      />
      <TiersField
        value={Array.isArray(draft.tiers) ? draft.tiers.filter((x) => typeof x === 'string') : [...TIERS]}
        onChange={(v) => set('tiers', v)}
      />
      <NumberField
        path="maxDelayDays"
        label={t('ruleMaxDelay')}
        value={num(draft.maxDelayDays, 7)}
        min={0}
        max={60}
        unit={t('unitDays')}
        onChange={(v) => set('maxDelayDays', v)}
      />
    </>
  );
}

function Template({ draft, set, prefix }: KindProps & { prefix?: string }) {
  return (
    <TemplateField
      path="template"
      value={str(draft.template, '')}
      {...(prefix ? { prefix } : {})}
      onChange={(v) => set('template', v ?? '')}
    />
  );
}

function Days(
  props: KindProps & { path: string; label: string; min: number; max: number; fallback: number },
) {
  return (
    <NumberField
      path={props.path}
      label={props.label}
      value={num(props.draft[props.path], props.fallback)}
      min={props.min}
      max={props.max}
      unit={t('unitDays')}
      onChange={(v) => props.set(props.path, v)}
    />
  );
}

function Stages({ draft, set }: KindProps) {
  const value = (typeof draft.stages === 'object' && draft.stages !== null ? draft.stages : {}) as Record<
    string,
    string | undefined
  >;
  return (
    <fieldset class="rule-field wide">
      <legend>{t('ruleStages')}</legend>
      <div class="rule-fields">
        {DEAL_STAGES.map((stage) => (
          <TemplateField
            key={stage}
            path={`stages.${stage}`}
            label={t(`stage-${stage}`)}
            value={value[stage]}
            prefix="order-"
            none={t('ruleNoTemplate')}
            onChange={(v) => {
              const { [stage]: _, ...rest } = value;
              set('stages', v === undefined ? rest : { ...rest, [stage]: v });
            }}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** Each kind's own fields: a new kind does not compile until it has its form here. */
export function KindFields(props: KindProps & { kind: RuleKind }) {
  const { kind, draft } = props;
  switch (kind) {
    case 'monthly-letter':
      return (
        <>
          <Template {...props} />
          <CommonFields {...props} />
          <DaysOfMonthField
            value={(draft.daysOfMonth ?? {}) as Record<string, number[]>}
            onChange={(v) => props.set('daysOfMonth', v)}
          />
        </>
      );
    case 'festival':
      return (
        <>
          <p class="muted wide">{t('ruleFestivalsElsewhere')}</p>
          <CommonFields {...props} />
        </>
      );
    case 'occasions':
      return (
        <>
          <p class="muted wide">
            {t('ruleOccasionsElsewhere', { n: Array.isArray(draft.occasions) ? draft.occasions.length : 0 })}
          </p>
          <CommonFields {...props} />
        </>
      );
    case 'custom-dates':
      return (
        <>
          <Template {...props} prefix="occasion-" />
          <Days {...props} path="daysBefore" label={t('ruleDaysBefore')} min={0} max={30} fallback={0} />
          <CommonFields {...props} />
        </>
      );
    case 'birthday':
      return (
        <>
          <Template {...props} />
          <Days {...props} path="daysBefore" label={t('ruleDaysBefore')} min={0} max={14} fallback={0} />
          <CommonFields {...props} />
        </>
      );
    case 'wedding-anniversary':
    case 'purchase-anniversary':
    case 'referral-thanks':
      return (
        <>
          <Template {...props} />
          <CommonFields {...props} />
        </>
      );
    case 'no-touch':
      return (
        <>
          <Template {...props} />
          <Days
            {...props}
            path="afterDays"
            label={t('ruleAfterDaysNoTouch')}
            min={7}
            max={730}
            fallback={90}
          />
          <CommonFields {...props} />
        </>
      );
    case 'satisfaction-survey':
      return (
        <>
          <Template {...props} />
          <Days {...props} path="afterDays" label={t('ruleAfterDaysSurvey')} min={0} max={90} fallback={7} />
          <CommonFields {...props} />
        </>
      );
    case 'referral-ask':
      return (
        <>
          <Template {...props} />
          <Days
            {...props}
            path="afterDays"
            label={t('ruleAfterDaysReferral')}
            min={0}
            max={60}
            fallback={2}
          />
          <CommonFields {...props} />
        </>
      );
    case 'order-progress':
      return (
        <>
          <Stages {...props} />
          <NumberField
            path="noticeWindowHours"
            label={t('ruleNoticeWindow')}
            value={num(draft.noticeWindowHours, 48)}
            min={1}
            max={720}
            unit={t('unitHours')}
            onChange={(v) => props.set('noticeWindowHours', v)}
          />
          <CommonFields {...props} />
        </>
      );
    case 'chase':
      return (
        <>
          <TimeField
            path="sendAt"
            label={t('ruleSendAt')}
            value={str(draft.sendAt, '09:00')}
            onChange={(v) => props.set('sendAt', v)}
          />
          <ChaseSteps value={(draft.steps ?? []) as ChaseStep[]} onChange={(v) => props.set('steps', v)} />
        </>
      );
    case 'caps':
      return <Caps {...props} />;
    default:
      return assertNever(kind);
  }
}
