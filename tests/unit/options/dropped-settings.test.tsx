import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsForm, type OptionsFormProps } from '../../../components/options/options-form';
import { defaultSettings, loadSettings, type DroppedField } from '../../../lib/storage';

// A saved value that a tightened rule now refuses (an http:// Jira address saved before Bao required https://) is
// not used; the options page says so beside the field instead of silently showing the default.

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(cleanup);

const policy = (values: Record<string, unknown>) =>
  vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation(async () => values);

describe('loadSettings', () => {
  test('reports each stored field it did not use, with the value and why, and uses the default', async () => {
    await fakeBrowser.storage.local.set({
      settings: { jiraUrl: 'http://jira.lab', nabuUrl: 'https://nabu.lab', pollSeconds: 2, displayName: 'Ada' },
    });
    const { settings, droppedFields } = await loadSettings();
    expect(settings).toMatchObject({ jiraUrl: '', nabuUrl: 'https://nabu.lab', pollSeconds: 60, displayName: 'Ada' });
    expect(droppedFields).toEqual([
      { key: 'jiraUrl', value: 'http://jira.lab', message: expect.stringMatching(/^must be an https:\/\/ address/) },
      { key: 'pollSeconds', value: 2, message: 'must be at least 5 seconds' },
    ]);
  });

  test('an http:// address on this computer (the sandbox) is used, and nothing is reported', async () => {
    await fakeBrowser.storage.local.set({ settings: { jiraUrl: 'http://127.0.0.1:7103' } });
    const { settings, droppedFields } = await loadSettings();
    expect(settings.jiraUrl).toBe('http://127.0.0.1:7103');
    expect(droppedFields).toEqual([]);
  });

  test('a stored field the policy sets is not reported: the stored value would not count anyway', async () => {
    await fakeBrowser.storage.local.set({ settings: { jiraUrl: 'http://jira.lab', nabuUrl: 'http://nabu.lab' } });
    policy({ jiraUrl: 'https://jira.lab' });
    const { settings, droppedFields } = await loadSettings();
    expect(settings.jiraUrl).toBe('https://jira.lab');
    expect(droppedFields.map((f) => f.key)).toEqual(['nabuUrl']);
  });
});

describe('the options page', () => {
  const jiraDropped: DroppedField = {
    key: 'jiraUrl',
    value: 'http://jira.lab',
    message: 'must be an https:// address: Bao sends it your Jira token',
  };

  function setup(
    droppedFields: DroppedField[],
    onSave: OptionsFormProps['onSave'] = vi.fn(async () => ({ ok: true })),
  ) {
    const view = render(
      <OptionsForm
        settings={defaultSettings}
        locked={[]}
        droppedFields={droppedFields}
        secrets={{ nabuApiKey: false, jiraToken: false, jiraEmail: '' }}
        onSave={onSave}
        onClearSecret={vi.fn(async () => undefined)}
        onCheckConnections={vi.fn(async () => [])}
      />,
    );
    return view.container.querySelector<HTMLFormElement>('[data-bao="options"]')!;
  }

  test('says beside the field which saved value was not used and why', () => {
    const form = setup([jiraDropped]);
    const input = form.querySelector<HTMLInputElement>('[name="jiraUrl"]')!;
    const notice = input.closest('.field')!.querySelector('[data-bao="dropped-setting"]');
    expect(notice?.textContent).toBe(
      'Your saved Jira URL http://jira.lab was not used: must be an https:// address: Bao sends it your Jira token. ' +
        'Save a new value to replace it.',
    );
    expect(input.getAttribute('aria-describedby')?.split(' ')).toContain(notice!.id);
    expect(form.querySelectorAll('[data-bao="dropped-setting"]')).toHaveLength(1);
  });

  test('a dropped choice or switch is named too', () => {
    const form = setup([
      { key: 'jiraFlavour', value: 'server', message: 'is not valid' },
      { key: 'features', value: { jiraOverlay: 'yes' }, message: 'is not valid' },
    ]);
    const notices = [...form.querySelectorAll('[data-bao="dropped-setting"]')].map((n) => n.textContent);
    expect(notices).toEqual([
      expect.stringMatching(/^Your saved Jira flavour server was not used: is not valid\./),
      expect.stringMatching(/^Your saved overlay switches \{"jiraOverlay":"yes"\} was not used/),
    ]);
  });

  test('the notice goes once a save has replaced the value', async () => {
    const form = setup([jiraDropped]);
    fireEvent.input(form.querySelector('[name="jiraUrl"]')!, { target: { value: 'https://jira.lab' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved.'));
    expect(form.querySelectorAll('[data-bao="dropped-setting"]')).toHaveLength(0);
  });
});
