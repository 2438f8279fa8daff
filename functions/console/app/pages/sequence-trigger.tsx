import { assertNever } from '../../../core/assert-never';
import type { SequenceTrigger, TriggerKind } from '../../../core/sequences/sequence-definition';
import { type Key, t } from '../i18n';
import { CheckField, NumberField, SelectField, TextField } from './rule-fields';
import { type SegmentChoice, StageField, segmentChoices } from './sequence-conditions';
import { withOptional } from './sequence-steps';

const KINDS: readonly TriggerKind[] = [
  'customer-filed',
  'deal-stage',
  'tag-added',
  'date',
  'silence',
  'segment',
  'reply',
  'campaign',
  'api',
];
const REPLY_KINDS = ['reply', 'complaint', 'referral', 'auto-reply'] as const;
const DATE_FIELDS = ['birthday', 'weddingAnniversary', 'purchase'] as const;

/** A trigger of a kind, with what that kind needs filled in. */
function triggerOf(kind: TriggerKind, segments: readonly SegmentChoice[]): SequenceTrigger {
  switch (kind) {
    case 'api':
    case 'customer-filed':
    // Not offered: only the shipped follow-up chase starts on a chased letter, the survey on
    // a completed deal's survey day, the referral ask on a good answer.
    case 'chased-message':
    case 'deal-completed':
    case 'good-answer':
      return { kind };
    case 'campaign':
      return { kind };
    case 'tag-added':
      return { kind, tag: '' };
    case 'deal-stage':
      return { kind, stage: 'completed' };
    case 'date':
      return { kind, field: 'birthday', yearly: true, offsetDays: 0, yearsFromDeal: false };
    case 'segment':
      return { kind, segmentId: segments[0]?.id ?? '' };
    case 'reply':
      return { kind, replyKind: 'reply' };
    case 'silence':
      return { kind, days: 180 };
    default:
      return assertNever(kind);
  }
}

/** What starts a customer on the sequence: a kind, then that kind's own fields. */
export function TriggerFields(props: {
  trigger: SequenceTrigger;
  segments: readonly SegmentChoice[];
  onChange: (trigger: SequenceTrigger) => void;
}) {
  return (
    <>
      <SelectField
        path="trigger.kind"
        label={t('seqTrigger')}
        value={props.trigger.kind}
        choices={KINDS.map((kind) => ({ value: kind, label: t(`trigger-${kind}` as Key) }))}
        onChange={(kind) => props.onChange(triggerOf(kind as TriggerKind, props.segments))}
      />
      <TriggerDetail {...props} />
    </>
  );
}

function TriggerDetail({
  trigger,
  segments,
  onChange,
}: {
  trigger: SequenceTrigger;
  segments: readonly SegmentChoice[];
  onChange: (trigger: SequenceTrigger) => void;
}) {
  switch (trigger.kind) {
    case 'api':
    case 'customer-filed':
    case 'chased-message':
    case 'deal-completed':
    case 'good-answer':
      return null;
    case 'campaign':
      return (
        <TextField
          path="trigger.campaignId"
          label={t('seqCampaignId')}
          value={trigger.campaignId}
          onChange={(id) => onChange(withOptional(trigger, 'campaignId', id.trim() || undefined))}
        />
      );
    case 'tag-added':
      return (
        <TextField
          path="trigger.tag"
          label={t('seqTag')}
          value={trigger.tag}
          required
          onChange={(tag) => onChange({ ...trigger, tag })}
        />
      );
    case 'deal-stage':
      return (
        <>
          <StageField
            path="trigger.stage"
            value={trigger.stage}
            onChange={(stage) => onChange({ ...trigger, stage })}
          />
          <TextField
            path="trigger.item"
            label={t('seqItem')}
            value={trigger.item}
            onChange={(item) => onChange(withOptional(trigger, 'item', item.trim() || undefined))}
          />
        </>
      );
    case 'date':
      return <DateTrigger trigger={trigger} onChange={onChange} />;
    case 'segment':
      return (
        <SelectField
          path="trigger.segmentId"
          label={t('seqSegment')}
          value={trigger.segmentId}
          choices={segmentChoices(segments, trigger.segmentId)}
          onChange={(segmentId) => onChange({ ...trigger, segmentId })}
        />
      );
    case 'reply':
      return (
        <SelectField
          path="trigger.replyKind"
          label={t('seqReplyKind')}
          value={trigger.replyKind}
          choices={REPLY_KINDS.map((k) => ({ value: k, label: t(`replyKind-${k}` as Key) }))}
          onChange={(k) => onChange({ ...trigger, replyKind: k as (typeof REPLY_KINDS)[number] })}
        />
      );
    case 'silence':
      return (
        <NumberField
          path="trigger.days"
          label={t('seqSilentDays')}
          value={trigger.days}
          min={1}
          max={3650}
          onChange={(days) => onChange({ ...trigger, days })}
        />
      );
    default:
      return assertNever(trigger);
  }
}

type DateTriggerValue = Extract<SequenceTrigger, { kind: 'date' }>;

/** A date on the file or a deal: which one, yearly or once, how many days before or after. */
function DateTrigger({
  trigger,
  onChange,
}: {
  trigger: DateTriggerValue;
  onChange: (t: DateTriggerValue) => void;
}) {
  const known = (DATE_FIELDS as readonly string[]).includes(trigger.field);
  return (
    <>
      <SelectField
        path="trigger.field"
        label={t('seqDateField')}
        value={known ? trigger.field : ''}
        choices={[
          ...DATE_FIELDS.map((f) => ({ value: f, label: t(`dateField-${f}` as Key) })),
          { value: '', label: t('dateField-custom') },
        ]}
        onChange={(field) => onChange({ ...trigger, field })}
      />
      {!known && (
        <TextField
          path="trigger.field"
          label={t('seqDateName')}
          value={trigger.field}
          required
          onChange={(field) => onChange({ ...trigger, field })}
        />
      )}
      <NumberField
        path="trigger.offsetDays"
        label={t('seqOffsetDays')}
        value={trigger.offsetDays}
        min={-365}
        max={365}
        onChange={(offsetDays) => onChange({ ...trigger, offsetDays })}
      />
      <CheckField
        path="trigger.yearly"
        label={t('seqYearly')}
        checked={trigger.yearly}
        onChange={(yearly) => onChange({ ...trigger, yearly })}
      />
      {trigger.field === 'purchase' && (
        <CheckField
          path="trigger.yearsFromDeal"
          label={t('seqYearsFromDeal')}
          checked={trigger.yearsFromDeal}
          onChange={(yearsFromDeal) => onChange({ ...trigger, yearsFromDeal })}
        />
      )}
    </>
  );
}
