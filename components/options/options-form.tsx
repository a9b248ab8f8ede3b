import type { TargetedEvent, TargetedKeyboardEvent } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { nabuKeyProblem } from '../../lib/settings-schema';
import type { DroppedField, Secrets, SettingKey, Settings, SettingsErrors, SettingsInput } from '../../lib/storage';
import { ConnectionList, type ConnectionResult } from './connection-list';
import { droppedNotices } from './dropped';
import { draftErrors, namedErrors, toDraft, unlockedInput, type Draft, type FieldName } from './draft';
import {
  JiraSection,
  OverlaysSection,
  PollingSection,
  QcInMisoSection,
  SignOffsSection,
  SystemsSection,
  TrendsSection,
  type SecretName,
  type SectionProps,
} from './sections';

export interface SecretsPresence {
  nabuApiKey: boolean;
  jiraToken: boolean;
  /** Not a secret: the address the Cloud API token belongs to. */
  jiraEmail: string;
}

export type SaveOutcome =
  | { ok: true; /** e.g. "Bao cannot reach MISO until you allow access." */ warnings?: string[] }
  | { ok: false; errors?: SettingsErrors; message?: string };

export interface OptionsFormProps {
  settings: Settings;
  locked: readonly SettingKey[];
  /** Saved values that no longer validate and were not used; each field says so until the next save. */
  droppedFields?: readonly DroppedField[];
  secrets: SecretsPresence;
  /**
   * Called synchronously from the submit event, so the caller may ask for permissions (a user
   * gesture). `values` leaves out the fields a policy sets; `secrets` holds only what was typed.
   */
  onSave: (values: Partial<SettingsInput>, secrets: Partial<Secrets>) => Promise<SaveOutcome>;
  onClearSecret: (name: SecretName) => Promise<void>;
  onCheckConnections: () => Promise<ConnectionResult[]>;
}

type Status = { kind: 'idle' | 'saving' | 'saved' | 'problem'; text: string };

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

const textEntry = new Set(['text', 'url', 'number', 'password', 'email', 'search']);

export function OptionsForm(props: OptionsFormProps) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(props.settings));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [secretValues, setSecretValues] = useState({
    nabuApiKey: '',
    jiraToken: '',
    jiraEmail: props.secrets.jiraEmail,
  });
  const [status, setStatus] = useState<Status>({ kind: 'idle', text: '' });
  const [notices, setNotices] = useState(() => droppedNotices(props.droppedFields ?? []));
  const [connections, setConnections] = useState<ConnectionResult[] | null>(null);
  const [checking, setChecking] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  /** Re-checks fields that already show an error, so a message goes away as soon as it is fixed. */
  const update = (next: Draft) => {
    setDraft(next);
    setErrors((shown) => {
      if (Object.keys(shown).length === 0) return shown;
      const now = draftErrors(next);
      const kept: Partial<Record<FieldName, string>> = {};
      for (const name of Object.keys(shown) as FieldName[]) if (now[name]) kept[name] = now[name];
      return kept;
    });
  };

  const sectionProps: SectionProps = {
    draft,
    errors,
    notices,
    locked: props.locked,
    set: (name, value) => update({ ...draft, [name]: value }),
    setFeature: (name, value) => update({ ...draft, features: { ...draft.features, [name]: value } }),
    blur: (name) => {
      const message = draftErrors(draft)[name];
      setErrors((shown) => {
        const next = { ...shown };
        if (message) next[name] = message;
        else delete next[name];
        return next;
      });
    },
    secrets: {
      stored: { nabuApiKey: props.secrets.nabuApiKey, jiraToken: props.secrets.jiraToken },
      values: secretValues,
      onInput: (name, value) => setSecretValues((v) => ({ ...v, [name]: value })),
      onClear: (name) => {
        props.onClearSecret(name).then(
          () =>
            setStatus({ kind: 'saved', text: name === 'nabuApiKey' ? 'Nabu API key removed.' : 'Jira token removed.' }),
          (error: unknown) => setStatus({ kind: 'problem', text: `Could not remove it: ${errorText(error)}` }),
        );
      },
    },
  };

  const showErrors = (found: Partial<Record<FieldName, string>>) => {
    setErrors(found);
    const first = (Object.keys(found) as FieldName[])[0];
    const count = Object.keys(found).length;
    setStatus({
      kind: 'problem',
      text: `Not saved: ${count === 1 ? 'one field needs' : `${count} fields need`} fixing.`,
    });
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  };

  const onSubmit = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = draftErrors(draft);
    if (Object.keys(found).length > 0) return showErrors(found);
    const secrets: Partial<Secrets> = {};
    if (secretValues.nabuApiKey.trim()) secrets.nabuApiKey = secretValues.nabuApiKey;
    if (secretValues.jiraToken.trim()) secrets.jiraToken = secretValues.jiraToken;
    if (draft.jiraFlavour === 'cloud') secrets.jiraEmail = secretValues.jiraEmail;
    const keyProblem = secrets.nabuApiKey === undefined ? null : nabuKeyProblem(secrets.nabuApiKey.trim());
    if (keyProblem) {
      setStatus({ kind: 'problem', text: `Not saved: the Nabu API key ${keyProblem}.` });
      formRef.current?.querySelector<HTMLElement>('[name="nabuApiKey"]')?.focus();
      return;
    }
    setStatus({ kind: 'saving', text: 'Saving…' });
    // No await before onSave: it may need the click's user gesture to ask for host permissions.
    props.onSave(unlockedInput(draft, props.locked), secrets).then(
      (outcome) => {
        if (!outcome.ok) {
          const named = namedErrors(outcome.errors ?? {});
          if (Object.keys(named).length > 0) return showErrors(named);
          return setStatus({ kind: 'problem', text: outcome.message ?? 'Not saved.' });
        }
        setErrors({});
        setNotices({}); // what was saved replaced the values that were not used
        setSecretValues((v) => ({ ...v, nabuApiKey: '', jiraToken: '' }));
        setStatus({ kind: 'saved', text: ['Saved.', ...(outcome.warnings ?? [])].join(' ') });
      },
      (error: unknown) => setStatus({ kind: 'problem', text: `Not saved: ${errorText(error)}` }),
    );
  };

  // Enter in any text field submits, whatever the browser's implicit-submission rules say.
  const onKeyDown = (event: TargetedKeyboardEvent<HTMLFormElement>) => {
    const target = event.target;
    if (event.key !== 'Enter' || !(target instanceof HTMLInputElement) || !textEntry.has(target.type)) return;
    event.preventDefault();
    formRef.current?.requestSubmit();
  };

  const check = () => {
    setChecking(true);
    props
      .onCheckConnections()
      .then(setConnections, (error: unknown) =>
        setConnections([{ system: 'Bao', ok: false, detail: `The check did not run: ${errorText(error)}` }]),
      )
      .finally(() => setChecking(false));
  };

  return (
    <form ref={formRef} data-bao="options" class="options" noValidate onSubmit={onSubmit} onKeyDown={onKeyDown}>
      <h1>Bao options</h1>
      <SystemsSection {...sectionProps} />
      <SignOffsSection {...sectionProps} />
      <PollingSection {...sectionProps} />
      <JiraSection {...sectionProps} />
      <QcInMisoSection {...sectionProps} />
      <TrendsSection {...sectionProps} />
      <OverlaysSection {...sectionProps} />
      <div class="actions">
        <button type="submit" class="primary">
          Save
        </button>
        <p role="status" class={`status status-${status.kind}`} data-bao="save-status">
          {status.text}
        </p>
      </div>
      <section aria-labelledby="connections-title">
        <h2 id="connections-title">Connections</h2>
        <p class="hint">Tries each saved system with the stored key or token.</p>
        <button type="button" onClick={check} disabled={checking} aria-busy={checking}>
          {checking ? 'Checking…' : 'Check connections'}
        </button>
        <div aria-live="polite">{connections && <ConnectionList results={connections} />}</div>
      </section>
    </form>
  );
}
