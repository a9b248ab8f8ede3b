import type { ComponentChildren, TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { fieldId } from './fields';

export interface SecretFieldProps {
  name: string;
  label: string;
  /** Whether a value is stored; the stored value itself never reaches the page. */
  stored: boolean;
  value: string;
  hint?: ComponentChildren;
  onInput: (value: string) => void;
  onClear: () => void;
}

/** A password input that says whether a secret is stored; leaving it empty keeps the stored one. */
export function SecretField(props: SecretFieldProps) {
  const [shown, setShown] = useState(false);
  const id = fieldId(props.name);
  const inputProps = {
    id,
    name: props.name,
    value: props.value,
    autoComplete: 'off',
    spellcheck: false,
    placeholder: props.stored ? 'Stored (type to replace it)' : 'Not set',
    'aria-describedby': `${id}-state${props.hint ? ` ${id}-hint` : ''}`,
    onInput: (e: TargetedEvent<HTMLInputElement>) => props.onInput(e.currentTarget.value),
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <div class="secret-row">
        {shown ? <input type="text" {...inputProps} /> : <input type="password" {...inputProps} />}
        <button type="button" aria-controls={id} aria-pressed={shown} onClick={() => setShown(!shown)}>
          {shown ? 'Hide' : 'Show'}
        </button>
        {props.stored && (
          <button type="button" class="secondary" onClick={props.onClear}>
            Clear
          </button>
        )}
      </div>
      <p class="hint" id={`${id}-state`} data-bao={`secret-state-${props.name}`}>
        {props.stored ? 'Stored. Leave the field empty to keep it.' : 'Nothing stored yet.'}
      </p>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}
