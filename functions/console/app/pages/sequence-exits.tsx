import { useState } from 'preact/hooks';
import type { Sequence, SequenceExits } from '../../../core/sequences/sequence-definition';
import { type Key, t } from '../i18n';
import { CheckField, ChoiceChecks, DEAL_STAGES, NumberField, SelectField, TextField } from './rule-fields';
import { type SegmentChoice, segmentChoices } from './sequence-conditions';
import { withOptional } from './sequence-steps';

/** What ends a run early, and whether a customer may come through again. */
export function ExitFields({
  sequence,
  segments,
  onChange,
}: {
  sequence: Sequence;
  segments: readonly SegmentChoice[];
  onChange: (sequence: Sequence) => void;
}) {
  const exits = sequence.exits;
  const setExits = (next: SequenceExits) => onChange({ ...sequence, exits: next });
  const check = (key: 'reply' | 'unsubscribe', label: Key) => (
    <CheckField
      path={`exits.${key}`}
      label={t(label)}
      checked={exits[key]}
      onChange={(on) => setExits({ ...exits, [key]: on })}
    />
  );
  return (
    <fieldset class="rule-field seq-exits">
      <legend>{t('seqExits')}</legend>
      {check('reply', 'seqExitReply')}
      {check('unsubscribe', 'seqExitUnsubscribe')}
      <ChoiceChecks
        path="exits.dealStages"
        options={DEAL_STAGES}
        value={exits.dealStages}
        label={(stage) => t('seqExitStage', { stage: t(`stage-${stage}`) })}
        onChange={(dealStages) => setExits({ ...exits, dealStages })}
      />
      <TagsField value={exits.tags} onChange={(tags) => setExits({ ...exits, tags })} />
      <SelectField
        path="exits.segmentId"
        label={t('seqExitSegment')}
        value={exits.segmentId ?? ''}
        choices={[{ value: '', label: t('seqNoSegment') }, ...segmentChoices(segments, exits.segmentId)]}
        onChange={(id) => setExits(withOptional(exits, 'segmentId', id || undefined))}
      />
    </fieldset>
  );
}

/** Tags as typed, separated by commas (either width); the text stays as typed while the list follows it. */
function TagsField(props: { value: readonly string[]; onChange: (tags: string[]) => void }) {
  const [text, setText] = useState(props.value.join(', '));
  return (
    <TextField
      path="exits.tags"
      label={t('seqExitTags')}
      value={text}
      onChange={(next) => {
        setText(next);
        props.onChange(
          next
            .split(/[,\uff0c]/)
            .map((tag) => tag.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}

/** Whether a customer who has been through the sequence may enter it again. */
export function ReentryField({
  sequence,
  onChange,
}: {
  sequence: Sequence;
  onChange: (s: Sequence) => void;
}) {
  const { reentry } = sequence;
  return (
    <>
      <SelectField
        path="reentry.policy"
        label={t('seqReentry')}
        value={reentry.policy}
        choices={(['never', 'after', 'always'] as const).map((p) => ({ value: p, label: t(`reentry-${p}`) }))}
        onChange={(policy) =>
          onChange({
            ...sequence,
            reentry:
              policy === 'after'
                ? { policy, days: 365 }
                : { policy: policy === 'always' ? 'always' : 'never' },
          })
        }
      />
      {reentry.policy === 'after' && (
        <NumberField
          path="reentry.days"
          label={t('seqReentryDays')}
          value={reentry.days}
          min={1}
          max={3650}
          onChange={(days) => onChange({ ...sequence, reentry: { policy: 'after', days } })}
        />
      )}
    </>
  );
}
