import { assertNever } from '../../../core/assert-never';
import type { BranchCondition } from '../../../core/sequences/sequence-definition';
import { type Key, t } from '../i18n';
import { DEAL_STAGES, type DealStageName, SelectField, TextField, TiersField } from './rule-fields';

const CONDITIONS: readonly BranchCondition['kind'][] = [
  'replied',
  'opened',
  'clicked',
  'tag',
  'tier',
  'deal-stage',
  'segment',
];

export interface SegmentChoice {
  id: string;
  name: string;
}

/** The saved segments as choices, the current one kept even if it was deleted. */
export function segmentChoices(segments: readonly SegmentChoice[], current: string | undefined) {
  const choices = segments.map((s) => ({ value: s.id, label: s.name }));
  if (current && !segments.some((s) => s.id === current)) choices.unshift({ value: current, label: current });
  return choices;
}

/** A branch condition of a kind, with the field that kind asks for filled in. */
function conditionOf(kind: BranchCondition['kind'], segments: readonly SegmentChoice[]): BranchCondition {
  switch (kind) {
    case 'replied':
    case 'opened':
    case 'clicked':
      return { kind };
    case 'tag':
      return { kind, tag: '' };
    case 'tier':
      return { kind, tiers: ['A'] };
    case 'deal-stage':
      return { kind, stage: 'completed' };
    case 'segment':
      return { kind, segmentId: segments[0]?.id ?? '' };
    default:
      return assertNever(kind);
  }
}

interface ConditionProps {
  path: string;
  condition: BranchCondition;
  segments: readonly SegmentChoice[];
  onChange: (condition: BranchCondition) => void;
}

/** What a branch asks: its kind, then the tag, tiers, stage or segment it names. */
export function ConditionFields({ path, condition, segments, onChange }: ConditionProps) {
  return (
    <>
      <SelectField
        path={`${path}.kind`}
        label={t('seqCondition')}
        value={condition.kind}
        choices={CONDITIONS.map((kind) => ({ value: kind, label: t(`cond-${kind}` as Key) }))}
        onChange={(kind) => onChange(conditionOf(kind as BranchCondition['kind'], segments))}
      />
      <ConditionDetail path={path} condition={condition} segments={segments} onChange={onChange} />
    </>
  );
}

function ConditionDetail({ path, condition, segments, onChange }: ConditionProps) {
  switch (condition.kind) {
    case 'replied':
    case 'opened':
    case 'clicked':
      return null;
    case 'tag':
      return (
        <TextField
          path={`${path}.tag`}
          label={t('seqTag')}
          value={condition.tag}
          required
          onChange={(tag) => onChange({ ...condition, tag })}
        />
      );
    case 'tier':
      return (
        <TiersField
          path={`${path}.tiers`}
          label={t('seqConditionTiers')}
          value={condition.tiers}
          onChange={(tiers) => onChange({ ...condition, tiers })}
        />
      );
    case 'deal-stage':
      return (
        <StageField
          path={`${path}.stage`}
          value={condition.stage}
          onChange={(stage) => onChange({ ...condition, stage })}
        />
      );
    case 'segment':
      return (
        <SelectField
          path={`${path}.segmentId`}
          label={t('seqSegment')}
          value={condition.segmentId}
          choices={segmentChoices(segments, condition.segmentId)}
          onChange={(segmentId) => onChange({ ...condition, segmentId })}
        />
      );
    default:
      return assertNever(condition);
  }
}

export function StageField(props: {
  path: string;
  value: DealStageName;
  onChange: (stage: DealStageName) => void;
}) {
  return (
    <SelectField
      path={props.path}
      label={t('seqStage')}
      value={props.value}
      choices={DEAL_STAGES.map((s) => ({ value: s, label: t(`stage-${s}`) }))}
      onChange={(v) => props.onChange(v as DealStageName)}
    />
  );
}
