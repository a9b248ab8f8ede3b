import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { OptionsForm, type OptionsFormProps } from '../../../components/options/options-form';
import { defaultSettings, type Settings } from '../../../lib/storage';

const configured: Settings = {
  ...defaultSettings,
  cardeaUrl: 'https://cardea.lab.org',
  misoUrl: 'https://miso.lab.org',
  jiraUrl: 'https://jira.lab.org',
  nabuUrl: 'https://nabu.lab.org',
  displayName: 'Tess Ter',
};

function setup(overrides: Partial<OptionsFormProps> = {}) {
  const props: OptionsFormProps = {
    settings: configured,
    locked: [],
    secrets: { nabuApiKey: false, jiraToken: false, jiraEmail: '' },
    onSave: vi.fn(async () => ({ ok: true as const })),
    onClearSecret: vi.fn(async () => undefined),
    onCheckConnections: vi.fn(async () => []),
    ...overrides,
  };
  const view = render(<OptionsForm {...props} />);
  const form = view.container.querySelector<HTMLFormElement>('[data-bao="options"]')!;
  const field = (name: string) => form.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  const type = (name: string, value: string) => fireEvent.input(field(name), { target: { value } });
  const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  return { props, form, field, type, save };
}

afterEach(cleanup);

describe('validation', () => {
  test('an invalid URL shows its message next to the field on blur', async () => {
    const { field, type } = setup();
    type('misoUrl', 'miso.lab.org');
    fireEvent.blur(field('misoUrl'));
    const input = field('misoUrl');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const message = document.getElementById(input.getAttribute('aria-describedby')!.split(' ').at(-1)!);
    expect(message?.textContent).toBe('MISO URL must be an http:// or https:// address');
    expect(screen.getByLabelText('MISO URL')).toBe(input);
  });

  test('save with invalid fields shows every error, does not save and focuses the first one', async () => {
    const { field, type, save, props } = setup();
    type('jiraUrl', 'jira');
    type('pollSeconds', 'soon');
    type('jiraProject', 'glt');
    save();
    expect(props.onSave).not.toHaveBeenCalled();
    expect(screen.getByText('Jira URL must be an http:// or https:// address')).toBeTruthy();
    expect(screen.getByText('Polling interval must be a number of seconds')).toBeTruthy();
    expect(screen.getByText('Project key must be a Jira project key such as GLT')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/Not saved: 3 fields need fixing/);
    expect(document.activeElement).toBe(field('jiraUrl'));
  });

  test('a message goes away once the field is fixed', async () => {
    const { field, type } = setup();
    type('nabuUrl', 'ftp://nabu');
    fireEvent.blur(field('nabuUrl'));
    expect(field('nabuUrl').getAttribute('aria-invalid')).toBe('true');
    type('nabuUrl', 'https://nabu.lab.org');
    expect(field('nabuUrl').hasAttribute('aria-invalid')).toBe(false);
    expect(screen.queryByText(/Nabu URL must/)).toBeNull();
  });
});

describe('saving', () => {
  test('sends every setting, shows "Saved" in a status region', async () => {
    const { type, save, props } = setup();
    type('displayName', 'Ada Lovelace');
    fireEvent.click(screen.getByLabelText('MISO run overlay'));
    save();
    expect(props.onSave).toHaveBeenCalledTimes(1);
    const [values, secrets] = vi.mocked(props.onSave).mock.calls[0];
    expect(values).toEqual({
      ...configured,
      displayName: 'Ada Lovelace',
      features: { jiraOverlay: true, misoOverlay: false },
    });
    expect(secrets).toEqual({});
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved.'));
  });

  test('Enter in a text field submits the form', async () => {
    const { field, type, props } = setup();
    type('jiraLabel', 'run-qc');
    fireEvent.keyDown(field('jiraLabel'), { key: 'Enter' });
    await waitFor(() => expect(props.onSave).toHaveBeenCalledTimes(1));
    expect(vi.mocked(props.onSave).mock.calls[0][0]).toMatchObject({ jiraLabel: 'run-qc' });
  });

  test('a refused permission is reported with the system it blocks', async () => {
    const onSave = vi.fn(async () => ({
      ok: true as const,
      warnings: ['Bao cannot reach MISO until you allow access.'],
    }));
    const { save } = setup({ onSave });
    save();
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Saved. Bao cannot reach MISO until you allow access.'),
    );
  });

  test('errors reported by the save appear next to their fields', async () => {
    const onSave = vi.fn(async () => ({
      ok: false as const,
      errors: { cardeaUrl: 'must be an http:// or https:// address' },
    }));
    const { save, field } = setup({ onSave });
    save();
    await waitFor(() => expect(field('cardeaUrl').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Cardea URL must be an http:// or https:// address')).toBeTruthy();
  });
});

describe('fields locked by policy', () => {
  test('are read-only, carry the badge, and are left out of the save', async () => {
    const settings = { ...configured, misoUrl: 'https://miso.policy.org', pollSeconds: 300 };
    const { field, save, props } = setup({ settings, locked: ['misoUrl', 'pollSeconds', 'features'] });
    expect(field('misoUrl').readOnly).toBe(true);
    expect(field('pollSeconds').readOnly).toBe(true);
    expect(field('features.jiraOverlay').disabled).toBe(true);
    expect(field('cardeaUrl').readOnly).toBe(false);
    const misoField = field('misoUrl').closest('.field') as HTMLElement;
    expect(within(misoField).getByText('Set by your administrator')).toBeTruthy();
    expect(screen.getAllByText('Set by your administrator')).toHaveLength(4); // MISO URL, interval, two overlay switches
    save();
    const [values] = vi.mocked(props.onSave).mock.calls[0];
    expect(values).not.toHaveProperty('misoUrl');
    expect(values).not.toHaveProperty('pollSeconds');
    expect(values).not.toHaveProperty('features');
    expect(values).toMatchObject({ cardeaUrl: 'https://cardea.lab.org' });
  });
});

describe('secrets', () => {
  test('a stored key is never pre-filled; the field says it is stored', () => {
    const { field } = setup({ secrets: { nabuApiKey: true, jiraToken: true, jiraEmail: '' } });
    expect(field('nabuApiKey').value).toBe('');
    expect(field('nabuApiKey').type).toBe('password');
    expect(field('jiraToken').value).toBe('');
    expect(document.querySelector('[data-bao="secret-state-nabuApiKey"]')?.textContent).toMatch(
      /^Stored\. Leave the field empty/,
    );
    expect(screen.getByText('Stored only in this browser and sent only to Nabu.')).toBeTruthy();
  });

  test('an empty key input keeps the stored one; a typed one is saved and then cleared from the page', async () => {
    const { field, type, save, props } = setup({ secrets: { nabuApiKey: true, jiraToken: false, jiraEmail: '' } });
    save();
    expect(vi.mocked(props.onSave).mock.calls[0][1]).toEqual({});
    type('nabuApiKey', '7-newkey');
    save();
    expect(vi.mocked(props.onSave).mock.calls[1][1]).toEqual({ nabuApiKey: '7-newkey' });
    await waitFor(() => expect(field('nabuApiKey').value).toBe(''));
  });

  test('a Nabu key not in the <id>-<secret> shape Nabu issues is refused with a clear message and not saved', async () => {
    const { field, type, save, props } = setup();
    for (const bad of ['baosandbox7k2m9q4x8w1r6t3z5n0p', `abc-def"`, 'abc-def-ghi']) {
      type('nabuApiKey', bad);
      save();
      expect(props.onSave).not.toHaveBeenCalled();
      expect(screen.getByRole('status').textContent).toMatch(
        /^Not saved: the Nabu API key must be the whole key Nabu issued, <id>-<secret>/,
      );
      expect(document.activeElement).toBe(field('nabuApiKey'));
    }
    type('nabuApiKey', '  abc123-DEF456  ');
    save();
    expect(vi.mocked(props.onSave).mock.calls[0][1]).toEqual({ nabuApiKey: '  abc123-DEF456  ' });
  });

  test('Show reveals what was typed; Clear removes the stored key', async () => {
    const { field, type, props } = setup({ secrets: { nabuApiKey: true, jiraToken: false, jiraEmail: '' } });
    type('nabuApiKey', 'typed');
    const show = within(field('nabuApiKey').parentElement!).getByRole('button', { name: 'Show' });
    fireEvent.click(show);
    expect(field('nabuApiKey').type).toBe('text');
    expect(show.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(props.onClearSecret).toHaveBeenCalledWith('nabuApiKey');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Nabu API key removed.'));
  });

  test('Jira Cloud asks for the account email with the API token', async () => {
    const { field, type, save, props } = setup();
    expect(field('jiraEmail')).toBeNull();
    fireEvent.click(screen.getByLabelText('Cloud'));
    type('jiraEmail', 'tess@lab.org');
    type('jiraToken', 'api-token');
    save();
    expect(vi.mocked(props.onSave).mock.calls[0]).toEqual([
      expect.objectContaining({ jiraFlavour: 'cloud' }),
      { jiraEmail: 'tess@lab.org', jiraToken: 'api-token' },
    ]);
  });
});

test('Check connections lists each system with its outcome in words', async () => {
  const onCheckConnections = vi.fn(async () => [
    { system: 'Cardea', ok: true, detail: 'Reachable; data as of 2026-11-20T10:00:00Z.' },
    { system: 'Nabu', ok: false, detail: 'Nabu refused the API key: fix the Nabu API key in Bao’s options.' },
  ]);
  const { props } = setup({ onCheckConnections });
  fireEvent.click(screen.getByRole('button', { name: 'Check connections' }));
  const nabu = await screen.findByText(/Nabu refused the API key/);
  expect(nabu.closest('li')?.textContent).toMatch(/^Nabu Problem/);
  expect(screen.getByText(/data as of/).closest('li')?.textContent).toMatch(/^Cardea OK/);
  expect(props.onSave).not.toHaveBeenCalled();
});
