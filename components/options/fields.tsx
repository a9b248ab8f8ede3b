import type { ComponentChildren, TargetedEvent } from 'preact';

// Labelled inputs for the options form. Each one shows its hint and its error next to it and wires
// them up with aria-describedby; a field locked by policy is read-only and says who set it.

export const fieldId = (name: string) => `option-${name.replace(/\./g, '-')}`;

const describedBy = (...ids: Array<string | false | undefined>) => ids.filter(Boolean).join(' ') || undefined;

export function LockedBadge() {
  return (
    <span class="locked-badge" data-bao="locked">
      Set by your administrator
    </span>
  );
}

/** A saved value Bao did not use, and why (components/options/dropped.ts). */
export function FieldNotice({ id, text }: { id: string; text: string }) {
  return (
    <p class="field-notice" id={id} data-bao="dropped-setting">
      {text}
    </p>
  );
}

function Notes({ id, hint, error, notice }: { id: string; hint?: ComponentChildren; error?: string; notice?: string }) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {notice && <FieldNotice id={`${id}-notice`} text={notice} />}
      {error && (
        <p class="field-error" id={`${id}-error`} data-bao="field-error">
          {error}
        </p>
      )}
    </>
  );
}

interface Common {
  name: string;
  label: string;
  hint?: ComponentChildren;
  error?: string;
  /** The saved value was not used (it no longer validates): says so beside the field. */
  notice?: string;
  locked?: boolean;
}

export interface TextFieldProps extends Common {
  value: string;
  type?: 'text' | 'url';
  inputMode?: 'numeric';
  placeholder?: string;
  autoComplete?: string;
  spellcheck?: boolean;
  onInput: (value: string) => void;
  onBlur: () => void;
}

export function TextField(props: TextFieldProps) {
  const id = fieldId(props.name);
  const input = {
    id,
    name: props.name,
    inputMode: props.inputMode,
    value: props.value,
    placeholder: props.placeholder,
    autoComplete: props.autoComplete ?? 'off',
    spellcheck: props.spellcheck ?? false,
    readOnly: props.locked,
    'aria-readonly': props.locked || undefined,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy(
      props.hint !== undefined && `${id}-hint`,
      props.notice && `${id}-notice`,
      props.error && `${id}-error`,
    ),
    onInput: (e: TargetedEvent<HTMLInputElement>) => props.onInput(e.currentTarget.value),
    onBlur: props.onBlur,
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.locked && <LockedBadge />}
      {props.type === 'url' ? <input type="url" {...input} /> : <input type="text" {...input} />}
      <Notes id={id} hint={props.hint} error={props.error} notice={props.notice} />
    </div>
  );
}

export interface CheckboxFieldProps extends Common {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function CheckboxField(props: CheckboxFieldProps) {
  const id = fieldId(props.name);
  return (
    <div class="field field-check">
      <input
        id={id}
        name={props.name}
        type="checkbox"
        checked={props.checked}
        disabled={props.locked}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(
          props.hint !== undefined && `${id}-hint`,
          props.notice && `${id}-notice`,
          props.error && `${id}-error`,
        )}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <label for={id}>{props.label}</label>
      {props.locked && <LockedBadge />}
      <Notes id={id} hint={props.hint} error={props.error} notice={props.notice} />
    </div>
  );
}

export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

export interface ChoiceFieldProps<T extends string> extends Common {
  value: T;
  choices: ReadonlyArray<Choice<T>>;
  onChange: (value: T) => void;
}

/** Radio buttons in a fieldset: every choice visible with its explanation. */
export function ChoiceField<T extends string>(props: ChoiceFieldProps<T>) {
  const id = fieldId(props.name);
  return (
    <fieldset
      class="field field-choice"
      aria-invalid={props.error ? true : undefined}
      aria-describedby={describedBy(
        props.hint !== undefined && `${id}-hint`,
        props.notice && `${id}-notice`,
        props.error && `${id}-error`,
      )}
    >
      <legend>
        {props.label}
        {props.locked && <LockedBadge />}
      </legend>
      {props.choices.map((choice) => {
        const choiceId = `${id}-${choice.value}`;
        return (
          <div class="choice" key={choice.value}>
            <input
              id={choiceId}
              name={props.name}
              type="radio"
              value={choice.value}
              checked={props.value === choice.value}
              disabled={props.locked}
              aria-describedby={choice.hint ? `${choiceId}-hint` : undefined}
              onChange={() => props.onChange(choice.value)}
            />
            <label for={choiceId}>{choice.label}</label>
            {choice.hint && (
              <p class="hint" id={`${choiceId}-hint`}>
                {choice.hint}
              </p>
            )}
          </div>
        );
      })}
      <Notes id={id} hint={props.hint} error={props.error} notice={props.notice} />
    </fieldset>
  );
}
