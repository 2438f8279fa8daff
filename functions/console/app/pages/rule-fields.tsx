import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';

/** A rule as edited: the JSON the engine keeps, changed one field at a time. */
export type Draft = Record<string, unknown>;

export interface KindProps {
  draft: Draft;
  set: (key: string, value: unknown) => void;
  /** Words for a rule id (the caps' priority list names rules). */
  describe: (id: string) => string;
  /** Every id the caps' priority list may name: rules, `campaigns` and `sequence:<id>`. */
  rankable?: readonly string[];
}

export interface RuleFormContext {
  /** The engine's messages for exactly this field path. */
  serverAt: (path: string) => string[];
  /** A field's own check (a message, or undefined when fine); paths reported are the ones shown. */
  report: (path: string, message: string | undefined) => void;
  /** The field at `path` is gone (a removed step or day). */
  forget: (path: string) => void;
  templates: string[];
}

export const FormContext = createContext<RuleFormContext>({
  serverAt: () => [],
  report: () => undefined,
  forget: () => undefined,
  templates: [],
});

/** The field's own check and the engine's messages for its path, beside it. */
export function Problems({ path, check }: { path: string; check?: string | undefined }) {
  const form = useContext(FormContext);
  useEffect(() => {
    form.report(path, check);
    return () => form.forget(path);
  }, [form, path, check]);
  const messages = [...(check ? [check] : []), ...form.serverAt(path)];
  return (
    <>
      {messages.map((message) => (
        <span class="field-error" role="alert" key={message}>
          {message}
        </span>
      ))}
    </>
  );
}

export const num = (value: unknown, fallback: number): number =>
  typeof value === 'number' ? value : fallback;
export const str = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : fallback;

/** Whole numbers within bounds; the text is kept as typed so a wrong entry stays visible with its message. */
export function NumberField(props: {
  path: string;
  label: string;
  value: number;
  min: number;
  max: number;
  unit?: string;
  onChange: (value: number) => void;
}) {
  const [text, setText] = useState(String(props.value));
  const value = Number(text);
  const check =
    text.trim() === '' || !Number.isInteger(value)
      ? t('checkWhole')
      : value < props.min || value > props.max
        ? t('checkRange', { min: props.min, max: props.max })
        : undefined;
  return (
    <label class="rule-field">
      <span>{props.label}</span>
      <span class="with-unit">
        <input
          type="number"
          name={props.path}
          inputMode="numeric"
          step={1}
          value={text}
          onInput={(e) => {
            const next = e.currentTarget.value;
            setText(next);
            if (next.trim() !== '' && Number.isInteger(Number(next))) props.onChange(Number(next));
          }}
        />
        {props.unit && <span class="muted">{props.unit}</span>}
      </span>
      <Problems path={props.path} check={check} />
    </label>
  );
}

export function TimeField(props: {
  path: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const check = /^([01]\d|2[0-3]):[0-5]\d$/.test(props.value) ? undefined : t('checkTime');
  return (
    <label class="rule-field">
      <span>{props.label}</span>
      <input
        type="time"
        name={props.path}
        value={props.value}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
      <Problems path={props.path} check={check} />
    </label>
  );
}

/** A text field whose value must not be empty (a tag). */
export function TextField(props: {
  path: string;
  label: string;
  value: string | undefined;
  required?: boolean;
  onChange: (v: string) => void;
}) {
  const check = props.required && !props.value?.trim() ? t('checkRequired') : undefined;
  return (
    <label class="rule-field">
      <span>{props.label}</span>
      <input
        type="text"
        name={props.path}
        value={props.value ?? ''}
        maxLength={100}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
      <Problems path={props.path} check={check} />
    </label>
  );
}

/** One yes-or-no field, its words beside the box. */
export function CheckField(props: {
  path: string;
  label: ComponentChildren;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label class="rule-field check">
      <input
        type="checkbox"
        name={props.path}
        checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      {props.label}
    </label>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function SelectField(props: {
  path: string;
  label: string;
  value: string;
  choices: Choice[];
  onChange: (v: string) => void;
}) {
  return (
    <label class="rule-field">
      <span>{props.label}</span>
      <select name={props.path} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <Problems path={props.path} />
    </label>
  );
}

/** The templates the engine has (those starting `prefix`), the current one kept even if it is gone. */
export function TemplateField(props: {
  path: string;
  label?: string;
  value: string | undefined;
  prefix?: string;
  /** The label of "none", for an optional template. */
  none?: string;
  onChange: (v: string | undefined) => void;
}) {
  const { templates } = useContext(FormContext);
  const names = templates.filter((id) => id.startsWith(props.prefix ?? ''));
  if (props.value && !names.includes(props.value)) names.unshift(props.value);
  const choices = [
    ...(props.none !== undefined ? [{ value: '', label: props.none }] : []),
    ...names.map((id) => ({ value: id, label: id })),
  ];
  return (
    <SelectField
      path={props.path}
      label={props.label ?? t('ruleTemplate')}
      value={props.value ?? ''}
      choices={choices}
      onChange={(v) => props.onChange(v === '' ? undefined : v)}
    />
  );
}

export const channelPolicies = ['email', 'sms', 'email-then-sms'] as const;

export function ChannelField(props: { value: string; onChange: (v: string) => void }) {
  return (
    <SelectField
      path="channels"
      label={t('ruleChannels')}
      value={props.value}
      choices={channelPolicies.map((c) => ({ value: c, label: t(`channel-${c}`) }))}
      onChange={props.onChange}
    />
  );
}

export const TIERS = ['A', 'B', 'C'] as const;
export const DEAL_STAGES = ['ordered', 'in_production', 'shipped', 'completed', 'cancelled'] as const;
export type DealStageName = (typeof DEAL_STAGES)[number];

/** Some of `options`, a checkbox each, kept in the options' order. */
export function ChoiceChecks<T extends string>(props: {
  path: string;
  options: readonly T[];
  value: readonly string[];
  label: (option: T) => string;
  onChange: (v: T[]) => void;
}) {
  return (
    <span class="row wrap">
      {props.options.map((option) => (
        <label key={option} class="check">
          <input
            type="checkbox"
            name={`${props.path}.${option}`}
            checked={props.value.includes(option)}
            onChange={(e) =>
              props.onChange(
                props.options.filter((x) =>
                  x === option ? e.currentTarget.checked : props.value.includes(x),
                ),
              )
            }
          />
          {props.label(option)}
        </label>
      ))}
    </span>
  );
}
export type TierName = (typeof TIERS)[number];

/** The tiers a rule applies to, as checkboxes. */
export function TiersField(props: {
  value: readonly string[];
  onChange: (v: TierName[]) => void;
  path?: string;
  label?: string;
}) {
  const check = props.value.length === 0 ? t('checkTiers') : undefined;
  const path = props.path ?? 'tiers';
  return (
    <fieldset class="rule-field">
      <legend>{props.label ?? t('ruleTiers')}</legend>
      <ChoiceChecks
        path={path}
        options={TIERS}
        value={props.value}
        label={(tier) => t('ruleTier', { tier })}
        onChange={props.onChange}
      />
      <Problems path={path} check={check} />
    </fieldset>
  );
}
