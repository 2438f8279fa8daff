import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { Show, useLoad } from '../ui';
import { type RuleEntry, RuleForm } from './rule-form';

/** Cadence rules, the chase and the caps, each as a form of its kind; per-tier values side by side. */
export function RulesPage() {
  const loaded = useLoad<{ rules: RuleEntry[] }>('/v1/rules');
  const templates = useLoad<{ templates: { id: string }[] }>('/v1/templates');
  const sequences = useLoad<{ sequences: { id: string; sequence: { name: string; priorityAs?: string } }[] }>(
    '/v1/sequences',
  );
  const [saved, setSaved] = useState<{ id: string; message: string }>();
  return (
    <section>
      <h1>{t('rules')}</h1>
      <Show loaded={loaded}>
        {({ rules }) => {
          const names = templates.data?.templates.map((x) => x.id).sort() ?? [];
          // A sequence ranked as another entry (the chase as `chase`) has no place of its own.
          const marketerSequences = (sequences.data?.sequences ?? []).filter((s) => !s.sequence.priorityAs);
          const rankable = [
            ...rules.filter((r) => r.kind !== 'caps').map((r) => r.id),
            'campaigns',
            ...marketerSequences.map((s) => `sequence:${s.id}`),
          ];
          const describe = (id: string) => {
            if (id === 'campaigns') return t('campaigns');
            const sequence = marketerSequences.find((s) => `sequence:${s.id}` === id);
            if (sequence) return `${sequence.sequence.name} (${t('sequenceWord')})`;
            const kind = rules.find((r) => r.id === id)?.kind;
            return kind ? `${id} (${t(`kind-${kind}`)})` : id;
          };
          return (
            <div class="rules">
              {rules.map((entry) => (
                <RuleForm
                  // Rebuilt for each new version, and once the templates arrive for its dropdowns.
                  key={`${entry.id}:${entry.version}:${names.length > 0}`}
                  entry={entry}
                  templates={names}
                  describe={(id) => (id === entry.id ? id : describe(id))}
                  rankable={rankable}
                  {...(saved?.id === entry.id ? { saved: saved.message } : {})}
                  onSaved={(message) => {
                    setSaved({ id: entry.id, message });
                    loaded.reload();
                  }}
                />
              ))}
            </div>
          );
        }}
      </Show>
    </section>
  );
}
