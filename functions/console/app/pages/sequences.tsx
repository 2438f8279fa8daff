import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { t } from '../i18n';
import { ErrorNote, Show, useLoad } from '../ui';
import type { SegmentChoice } from './sequence-conditions';
import { type SequenceEntry, SequenceForm } from './sequence-editor';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A kebab-case id from a name written in Latin letters; empty for names in other scripts. */
function idFrom(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** A new sequence: a name and an id, then it is filed stopped with one letter, to be built up in its form. */
function NewSequence({ templates, onCreated }: { templates: string[]; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [error, setError] = useState<unknown>();
  const chosen = id || idFrom(name);
  const create = async () => {
    setError(undefined);
    if (!name.trim()) return setError(new Error(t('checkRequired')));
    if (!ID.test(chosen)) return setError(new Error(t('seqIdCheck')));
    const template = templates.find((n) => n.startsWith('sequence-')) ?? templates[0] ?? '';
    try {
      await api('POST', '/v1/sequences', {
        sequence: {
          id: chosen,
          name: name.trim(),
          enabled: false,
          trigger: { kind: 'customer-filed' },
          steps: [{ id: 'first-letter', type: 'send', template }],
        },
      });
      setName('');
      setId('');
      onCreated();
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? new Error(t('seqIdTaken')) : e);
    }
  };
  return (
    <form
      class="card row wrap seq-new"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <label class="rule-field">
        <span>{t('seqName')}</span>
        <input name="new-name" value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="rule-field">
        <span>{t('seqId')}</span>
        <input
          name="new-id"
          value={id}
          placeholder={idFrom(name) || 'spring-care'}
          maxLength={60}
          onInput={(e) => setId(e.currentTarget.value.trim())}
        />
      </label>
      <button type="submit">{t('seqCreate')}</button>
      <ErrorNote error={error} />
    </form>
  );
}

/** The sequences marketers define: each one's steps as fields, with how many customers are at each. */
export function SequencesPage() {
  const loaded = useLoad<{ sequences: SequenceEntry[] }>('/v1/sequences');
  const templates = useLoad<{ templates: { id: string }[] }>('/v1/templates');
  const segments = useLoad<{ segments: SegmentChoice[] }>('/v1/segments');
  const names = templates.data?.templates.map((tpl) => tpl.id) ?? [];
  const segmentList = segments.data?.segments ?? [];
  return (
    <section>
      <h1>{t('sequences')}</h1>
      <p class="muted">{t('sequencesIntro')}</p>
      <NewSequence templates={names} onCreated={loaded.reload} />
      <Show loaded={loaded}>
        {({ sequences }) => (
          <div class="sequences">
            {/* The chase, the survey and the referral ask run as sequences too, but are edited as their rules. */}
            {sequences
              .filter((entry) => !entry.builtIn)
              .map((entry) => (
                <SequenceForm
                  key={`${entry.id}:${entry.version}`}
                  entry={entry}
                  templates={names}
                  segments={segmentList}
                  onSaved={loaded.reload}
                />
              ))}
          </div>
        )}
      </Show>
    </section>
  );
}
