import { useRef } from 'preact/hooks';
import { t } from '../i18n';

/** A template source as the marketer edits it: the subject (email), the body, the hand-written text part. */
export interface Draft {
  subject?: string;
  body: string;
  text?: string;
}

/** A textarea with a line-number gutter; lines with template errors are marked. */
function NumberedTextarea(props: {
  name: string;
  value: string;
  errorLines: Set<number>;
  onInput: (value: string) => void;
  rows?: number;
}) {
  const gutter = useRef<HTMLDivElement>(null);
  const lines = props.value.split('\n').length;
  return (
    <div class="numbered">
      <div class="gutter" ref={gutter} aria-hidden="true">
        {Array.from({ length: lines }, (_, i) => (
          <div key={i} class={props.errorLines.has(i + 1) ? 'bad' : ''}>
            {i + 1}
          </div>
        ))}
      </div>
      <textarea
        id={`source-${props.name}`}
        name={props.name}
        spellcheck={false}
        rows={props.rows ?? 18}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
      />
    </div>
  );
}

/** The Liquid source of one locale and channel: subject and text part for email. */
export function SourceEditor(props: {
  channel: 'email' | 'sms';
  draft: Draft;
  errors: { line: number }[];
  onChange: (draft: Draft) => void;
}) {
  const { draft, channel } = props;
  const errorLines = new Set(props.errors.map((e) => e.line));
  return (
    <div class="source-editor">
      {channel === 'email' && (
        <label>
          {t('subject')}
          <input
            name="subject"
            value={draft.subject ?? ''}
            onInput={(e) => props.onChange({ ...draft, subject: e.currentTarget.value })}
          />
        </label>
      )}
      <label for="source-body">{t('body')}</label>
      <NumberedTextarea
        name="body"
        value={draft.body}
        errorLines={errorLines}
        onInput={(body) => props.onChange({ ...draft, body })}
      />
      {channel === 'email' && draft.text !== undefined && (
        <>
          <label for="source-text">{t('plainText')}</label>
          <NumberedTextarea
            name="text"
            rows={6}
            value={draft.text}
            errorLines={new Set()}
            onInput={(text) => props.onChange({ ...draft, text })}
          />
        </>
      )}
    </div>
  );
}
