import { readFileSync } from 'node:fs';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsForm, type OptionsFormProps } from '../../../components/options/options-form';
import { defaultSettings, loadSettings, Settings, validateSettings, type SettingKey } from '../../../lib/storage';

// The trend settings: the runs in a series and the minimum history, with their bounds, the rule that the minimum
// is never more than the series, an administrator's policy, and their fields on the options page.

const errorsOf = (fields: Record<string, unknown>) => {
  const checked = validateSettings({ ...defaultSettings, ...fields });
  return checked.ok ? {} : checked.errors;
};

describe('validation', () => {
  test.each([
    [{ trendRuns: 30, trendMinHistory: 10 }, {}],
    [{ trendRuns: 5, trendMinHistory: 2 }, {}],
    [{ trendRuns: 200, trendMinHistory: 200 }, {}],
    [{ trendRuns: 4 }, { trendRuns: 'must be at least 5 runs' }],
    [{ trendRuns: 201 }, { trendRuns: 'must be at most 200 runs' }],
    [{ trendRuns: 12.5 }, { trendRuns: 'must be a whole number of runs' }],
    [{ trendMinHistory: 1 }, { trendMinHistory: 'must be at least 2 runs' }],
    [{ trendMinHistory: 2.5 }, { trendMinHistory: 'must be a whole number of runs' }],
    [{ trendRuns: 12, trendMinHistory: 15 }, { trendMinHistory: 'must be at most the runs in a trend (12)' }],
    [{ trendRuns: 12, trendMinHistory: 12 }, {}],
  ])('%j → %j', (fields, errors) => {
    expect(errorsOf(fields)).toEqual(errors);
  });

  test('the minimum history is checked against the series even while another field is wrong', () => {
    expect(errorsOf({ misoUrl: 'miso', trendRuns: 8, trendMinHistory: 9 })).toEqual({
      misoUrl: 'must be an http:// or https:// address',
      trendMinHistory: 'must be at most the runs in a trend (8)',
    });
  });
});

describe('stored settings and policy', () => {
  beforeEach(() => fakeBrowser.reset());
  const policy = (values: Record<string, unknown>) =>
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation(async () => values);

  test('the defaults are 30 runs and a minimum history of 10', async () => {
    const { settings } = await loadSettings();
    expect([settings.trendRuns, settings.trendMinHistory]).toEqual([30, 10]);
  });

  test('a policy locks the trend settings it sets, and reports one out of bounds', async () => {
    await fakeBrowser.storage.local.set({ settings: { trendRuns: 40, trendMinHistory: 12 } });
    policy({ trendRuns: 1000, trendMinHistory: 20 });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { settings, locked, policyErrors } = await loadSettings();
    expect(locked).toEqual(['trendMinHistory']);
    expect(settings.trendRuns).toBe(40);
    expect(settings.trendMinHistory).toBe(20);
    expect(policyErrors).toEqual({ trendRuns: 'must be at most 200 runs' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('trendRuns'));
  });

  test('whatever the stored values and the policy, the loaded minimum history is at most the series', async () => {
    await fakeBrowser.storage.local.set({ settings: { trendMinHistory: 50 } });
    policy({ trendRuns: 8 });
    const { settings } = await loadSettings();
    expect([settings.trendRuns, settings.trendMinHistory]).toEqual([8, 8]);
    expect(validateSettings(settings).ok).toBe(true);
  });

  test('the managed storage schema lets an administrator preset every setting, the trend ones as integers', () => {
    const schema = JSON.parse(readFileSync('public/managed-schema.json', 'utf8')) as {
      properties: Record<string, { type: string }>;
    };
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(Settings.shape).sort());
    expect(schema.properties.trendRuns?.type).toBe('integer');
    expect(schema.properties.trendMinHistory?.type).toBe('integer');
  });
});

describe('the Trends section of the options page', () => {
  afterEach(cleanup);

  function setup(overrides: Partial<OptionsFormProps> = {}) {
    const props: OptionsFormProps = {
      settings: { ...defaultSettings, cardeaUrl: 'https://cardea.lab.org' },
      locked: [],
      secrets: { nabuApiKey: false, jiraToken: false, jiraEmail: '' },
      onSave: vi.fn(async () => ({ ok: true as const })),
      onClearSecret: vi.fn(async () => undefined),
      onCheckConnections: vi.fn(async () => []),
      ...overrides,
    };
    render(<OptionsForm {...props} />);
    const section = screen.getByRole('region', { name: 'Trends' });
    const runs = within(section).getByLabelText<HTMLInputElement>('Runs in a trend');
    const minHistory = within(section).getByLabelText<HTMLInputElement>('Minimum history');
    const type = (input: HTMLInputElement, value: string) => fireEvent.input(input, { target: { value } });
    const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    return { props, section, runs, minHistory, type, save };
  }

  const hintOf = (input: HTMLInputElement) =>
    document.getElementById(input.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent;

  test('two labelled fields show the settings, each with a hint saying what it does', () => {
    const { runs, minHistory } = setup();
    expect([runs.value, minHistory.value]).toEqual(['30', '10']);
    expect(runs.name).toBe('trendRuns');
    expect(minHistory.name).toBe('trendMinHistory');
    expect(hintOf(runs)).toMatch(/earlier runs .* trend chart .* \(5 to 200\)/);
    expect(hintOf(minHistory)).toMatch(/fewer earlier runs than this, a trend draws no bands and checks no Westgard/);
  });

  test('a minimum above the series is refused naming the field; fixed, both numbers are saved', () => {
    const { props, runs, minHistory, type, save } = setup();
    type(runs, '12');
    type(minHistory, '15');
    save();
    expect(props.onSave).not.toHaveBeenCalled();
    expect(screen.getByText('Minimum history must be at most the runs in a trend (12)')).toBeTruthy();
    expect(minHistory.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(minHistory);
    type(minHistory, '12');
    expect(screen.queryByText(/Minimum history must/)).toBeNull();
    save();
    expect(props.onSave).toHaveBeenCalledWith(expect.objectContaining({ trendRuns: 12, trendMinHistory: 12 }), {});
  });

  test('text that is not a number, or out of bounds, says what the field needs', () => {
    const { props, runs, minHistory, type, save } = setup();
    type(runs, 'many');
    type(minHistory, '1');
    save();
    expect(props.onSave).not.toHaveBeenCalled();
    expect(screen.getByText('Runs in a trend must be a number of runs')).toBeTruthy();
    expect(screen.getByText('Minimum history must be at least 2 runs')).toBeTruthy();
  });

  test('Enter in a trend field saves, as in every text field', () => {
    const { props, runs, type } = setup();
    type(runs, '50');
    fireEvent.keyDown(runs, { key: 'Enter' });
    expect(props.onSave).toHaveBeenCalledWith(expect.objectContaining({ trendRuns: 50 }), {});
  });

  test('settings an administrator set are read-only, say so, and are left out of what is saved', () => {
    const locked: SettingKey[] = ['trendRuns', 'trendMinHistory'];
    const settings = { ...defaultSettings, cardeaUrl: 'https://cardea.lab.org', trendRuns: 60, trendMinHistory: 20 };
    const { props, section, runs, minHistory, save } = setup({ settings, locked });
    expect([runs.value, minHistory.value]).toEqual(['60', '20']);
    expect(runs.readOnly && minHistory.readOnly).toBe(true);
    expect(section.querySelectorAll('[data-bao="locked"]')).toHaveLength(2);
    save();
    const [values] = vi.mocked(props.onSave).mock.calls[0]!;
    expect(values).not.toHaveProperty('trendRuns');
    expect(values).not.toHaveProperty('trendMinHistory');
  });
});
