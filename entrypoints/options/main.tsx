import { render } from 'preact';
import { useState } from 'preact/hooks';
import { OptionsForm, type SaveOutcome, type SecretsPresence } from '../../components/options/options-form';
import { send } from '../../lib/messages';
import { releaseUnusedOrigins, requestOrigins, systemOrigins } from '../../lib/permissions';
import {
  loadSettings,
  saveSettings,
  validateSettings,
  type LoadedSettings,
  type Secrets,
  type SettingsInput,
} from '../../lib/storage';
import './style.css';

// Secrets go to the background and stay there: this page only learns whether each is stored.
const secretsPresence = (): Promise<SecretsPresence> => send('getSecretsPresence');

const listed = (names: string[]) =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

function Options({ loaded, initialSecrets }: { loaded: LoadedSettings; initialSecrets: SecretsPresence }) {
  const [secrets, setSecrets] = useState(initialSecrets);

  const save = (values: Partial<SettingsInput>, typed: Partial<Secrets>): Promise<SaveOutcome> => {
    const input = { ...loaded.settings, ...values };
    const checked = validateSettings(input);
    if (!checked.ok) return Promise.resolve({ ok: false, errors: checked.errors });
    // First thing in the click: the browser only shows its permission prompt during a user gesture.
    return requestOrigins(checked.settings).then(async (missing) => {
      const saved = await saveSettings(input);
      if (!saved.ok) return { ok: false, errors: saved.errors };
      setSecrets(Object.keys(typed).length > 0 ? await send('saveSecrets', typed) : await secretsPresence());
      await releaseUnusedOrigins(saved.settings).catch(() => undefined);
      const blocked = systemOrigins(saved.settings)
        .filter((s) => missing.includes(s.origin))
        .map((s) => s.system);
      if (blocked.length === 0) return { ok: true };
      const warning = `Bao cannot reach ${listed(blocked)} until you allow access: save again and allow it when the browser asks.`;
      return { ok: true, warnings: [warning] };
    });
  };

  const clearSecret = async (name: 'nabuApiKey' | 'jiraToken') => {
    setSecrets(await send('saveSecrets', { [name]: '' }));
  };

  const policyErrors = Object.entries(loaded.policyErrors);
  return (
    <>
      {policyErrors.length > 0 && (
        <div role="alert" class="policy-errors">
          Your administrator’s policy sets values Bao does not use:
          <ul>
            {policyErrors.map(([field, message]) => (
              <li key={field}>
                {field} {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <OptionsForm
        settings={loaded.settings}
        locked={loaded.locked}
        droppedFields={loaded.droppedFields}
        secrets={secrets}
        onSave={save}
        onClearSecret={clearSecret}
        onCheckConnections={() => send('checkConnections')}
      />
    </>
  );
}

const root = document.getElementById('app')!;
Promise.all([loadSettings(), secretsPresence()]).then(
  ([loaded, presence]) => render(<Options loaded={loaded} initialSecrets={presence} />, root),
  (error: unknown) => render(<p role="alert">Bao could not load its settings: {String(error)}</p>, root),
);
