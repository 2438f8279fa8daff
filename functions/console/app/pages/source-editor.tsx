import type { RefObject } from 'preact';
import { useRef, useState } from 'preact/hooks';
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
  onFocus: () => void;
  field: RefObject<HTMLTextAreaElement>;
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
        ref={props.field}
        onFocus={props.onFocus}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
      />
    </div>
  );
}

type Field = 'subject' | 'body' | 'text';

/** The Liquid source of one locale and channel: subject and text part for email; a picker of its variables. */
export function SourceEditor(props: {
  channel: 'email' | 'sms';
  draft: Draft;
  errors: { line: number }[];
  variables: readonly string[];
  onChange: (draft: Draft) => void;
}) {
  const { draft, channel } = props;
  const errorLines = new Set(props.errors.map((e) => e.line));
  const fields: Record<Field, RefObject<HTMLInputElement | HTMLTextAreaElement>> = {
    subject: useRef<HTMLInputElement>(null),
    body: useRef<HTMLTextAreaElement>(null),
    text: useRef<HTMLTextAreaElement>(null),
  };
  const [last, setLast] = useState<Field>('body');
  const [variable, setVariable] = useState('');
  // The field keeps its selection after it loses focus to the picker: insert there.
  const insert = () => {
    const name = variable || props.variables[0];
    const element = fields[last].current;
    if (!name) return;
    const value = draft[last] ?? '';
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? start;
    const tag = `{{ ${name} }}`;
    props.onChange({ ...draft, [last]: value.slice(0, start) + tag + value.slice(end) });
    setTimeout(() => {
      element?.focus();
      element?.setSelectionRange(start + tag.length, start + tag.length);
    });
  };
  return (
    <div class="source-editor">
      {props.variables.length > 0 && (
        <div class="row wrap variable-picker">
          <label>
            {t('variables')}
            <select name="variable" value={variable} onChange={(e) => setVariable(e.currentTarget.value)}>
              {props.variables.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={insert} title={t('insertVariable')}>
            {t('insertInto')} {t(last === 'text' ? 'plainText' : last)}
          </button>
        </div>
      )}
      {channel === 'email' && (
        <label>
          {t('subject')}
          <input
            name="subject"
            ref={fields.subject as RefObject<HTMLInputElement>}
            value={draft.subject ?? ''}
            onFocus={() => setLast('subject')}
            onInput={(e) => props.onChange({ ...draft, subject: e.currentTarget.value })}
          />
        </label>
      )}
      <label for="source-body">{t('body')}</label>
      <NumberedTextarea
        name="body"
        value={draft.body}
        errorLines={errorLines}
        field={fields.body as RefObject<HTMLTextAreaElement>}
        onFocus={() => setLast('body')}
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
            field={fields.text as RefObject<HTMLTextAreaElement>}
            onFocus={() => setLast('text')}
            onInput={(text) => props.onChange({ ...draft, text })}
          />
        </>
      )}
    </div>
  );
}
