import type { ComponentChildren } from 'preact';
import { TREND_LIMITS } from '../../lib/settings-schema';
import type { SettingKey } from '../../lib/storage';
import { isLocked, type Draft, type FieldName } from './draft';
import { CheckboxField, ChoiceField, FieldNotice, TextField } from './fields';
import { SecretField } from './secret-field';

export type SecretName = 'nabuApiKey' | 'jiraToken';

export interface SectionProps {
  draft: Draft;
  errors: Partial<Record<FieldName, string>>;
  /** Saved values Bao did not use, by setting (components/options/dropped.ts). */
  notices: Partial<Record<SettingKey, string>>;
  locked: readonly SettingKey[];
  set: <K extends keyof Draft>(name: K, value: Draft[K]) => void;
  setFeature: (name: keyof Draft['features'], value: boolean) => void;
  blur: (name: FieldName) => void;
  secrets: {
    stored: Record<SecretName, boolean>;
    values: Record<SecretName | 'jiraEmail', string>;
    onInput: (name: SecretName | 'jiraEmail', value: string) => void;
    onClear: (name: SecretName) => void;
  };
}

function Section({ title, id, children }: { title: string; id: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

type TextName =
  | 'cardeaUrl'
  | 'baoServerUrl'
  | 'misoUrl'
  | 'jiraUrl'
  | 'nabuUrl'
  | 'displayName'
  | 'pollSeconds'
  | 'jiraProject'
  | 'jiraLabel'
  | 'jiraSummarySuffix'
  | 'trendRuns'
  | 'trendMinHistory';

interface TextProps extends SectionProps {
  name: TextName;
  label: string;
  hint?: ComponentChildren;
  type?: 'text' | 'url';
  inputMode?: 'numeric';
  placeholder?: string;
}

/** A text field bound to one draft key. */
function Text(props: TextProps) {
  return (
    <TextField
      name={props.name}
      label={props.label}
      hint={props.hint}
      type={props.type}
      inputMode={props.inputMode}
      placeholder={props.placeholder}
      value={props.draft[props.name]}
      error={props.errors[props.name]}
      notice={props.notices[props.name]}
      locked={isLocked(props.name, props.locked)}
      onInput={(value) => props.set(props.name, value)}
      onBlur={() => props.blur(props.name)}
    />
  );
}

export function SystemsSection(p: SectionProps) {
  return (
    <Section title="Systems" id="systems">
      <Text
        {...p}
        name="cardeaUrl"
        label="Cardea URL"
        type="url"
        placeholder="https://cardea.lab.org"
        hint="Where the QC data comes from."
      />
      <Text
        {...p}
        name="baoServerUrl"
        label="Bao server URL"
        type="url"
        placeholder="https://bao.lab.org"
        hint="When set, Bao reads the lab's Bao server instead of Cardea. Leave empty to read Cardea directly."
      />
      <Text
        {...p}
        name="misoUrl"
        label="MISO URL"
        type="url"
        placeholder="https://miso.lab.org"
        hint="Include the path if MISO lives under one, e.g. /miso."
      />
      <Text {...p} name="jiraUrl" label="Jira URL" type="url" placeholder="https://jira.lab.org" />
      <Text
        {...p}
        name="nabuUrl"
        label="Nabu URL"
        type="url"
        placeholder="https://nabu.lab.org"
        hint="Where case sign-offs are recorded."
      />
    </Section>
  );
}

export function SignOffsSection(p: SectionProps) {
  return (
    <Section title="Sign-offs" id="sign-offs">
      <Text {...p} name="displayName" label="Display name" hint="Recorded as the user on your Nabu sign-offs." />
      <SecretField
        name="nabuApiKey"
        label="Nabu API key"
        stored={p.secrets.stored.nabuApiKey}
        value={p.secrets.values.nabuApiKey}
        hint="Stored only in this browser and sent only to Nabu."
        onInput={(v) => p.secrets.onInput('nabuApiKey', v)}
        onClear={() => p.secrets.onClear('nabuApiKey')}
      />
    </Section>
  );
}

export function PollingSection(p: SectionProps) {
  return (
    <Section title="Polling" id="polling">
      <Text
        {...p}
        name="pollSeconds"
        label="Seconds between Cardea checks"
        inputMode="numeric"
        hint="Chrome runs an installed extension’s timer at most every 30 seconds, so shorter values act as 30."
      />
    </Section>
  );
}

export function JiraSection(p: SectionProps) {
  const cloud = p.draft.jiraFlavour === 'cloud';
  return (
    <Section title="Jira" id="jira">
      <ChoiceField
        name="jiraFlavour"
        label="Jira flavour"
        value={p.draft.jiraFlavour}
        choices={[
          { value: 'datacenter', label: 'Data Center' },
          { value: 'cloud', label: 'Cloud' },
        ]}
        error={p.errors.jiraFlavour}
        notice={p.notices.jiraFlavour}
        locked={isLocked('jiraFlavour', p.locked)}
        onChange={(v) => p.set('jiraFlavour', v)}
      />
      <Text
        {...p}
        name="jiraProject"
        label="Project key"
        placeholder="GLT"
        hint="The project that holds one ticket per run."
      />
      <Text {...p} name="jiraLabel" label="Label" hint="Put on every run ticket." />
      <Text
        {...p}
        name="jiraSummarySuffix"
        label="Summary suffix"
        hint={
          'Run tickets are titled run name + suffix. The default, “ Dimsum Run QC” (with its leading space), ' +
          'lets Bao take over the tickets Dimsum made.'
        }
      />
      <CheckboxField
        name="keeperEnabled"
        label="Run the ticket keeper in this browser"
        hint={
          'Opens, comments on and closes run tickets as QC progresses. It needs a token. ' +
          'With a Bao server URL set it does not run here: the Bao server keeps the tickets.'
        }
        checked={p.draft.keeperEnabled}
        error={p.errors.keeperEnabled}
        notice={p.notices.keeperEnabled}
        locked={isLocked('keeperEnabled', p.locked)}
        onChange={(v) => p.set('keeperEnabled', v)}
      />
      {cloud && (
        <TextField
          name="jiraEmail"
          label="Atlassian account email"
          value={p.secrets.values.jiraEmail}
          autoComplete="email"
          hint="Used with the API token."
          onInput={(v) => p.secrets.onInput('jiraEmail', v)}
          onBlur={() => undefined}
        />
      )}
      <SecretField
        name="jiraToken"
        label={cloud ? 'Jira API token' : 'Jira personal access token'}
        stored={p.secrets.stored.jiraToken}
        value={p.secrets.values.jiraToken}
        hint={`Sent to Jira ${cloud ? 'with your email (Basic auth)' : 'as a Bearer token'}. Only the ticket keeper uses it.`}
        onInput={(v) => p.secrets.onInput('jiraToken', v)}
        onClear={() => p.secrets.onClear('jiraToken')}
      />
    </Section>
  );
}

export function QcInMisoSection(p: SectionProps) {
  return (
    <Section title="QC in MISO" id="qc-in-miso">
      <ChoiceField
        name="qcInMisoGrouping"
        label="When the selection mixes assays or library designs"
        value={p.draft.qcInMisoGrouping}
        choices={[
          {
            value: 'by-assay-and-design',
            label: 'One MISO page per assay and library design',
            hint: 'What the lab’s sign-off rule asks for; Bao says how many pages it opens first.',
          },
          { value: 'combined', label: 'One combined MISO page', hint: 'MISO accepts mixed libraries on one page.' },
        ]}
        error={p.errors.qcInMisoGrouping}
        notice={p.notices.qcInMisoGrouping}
        locked={isLocked('qcInMisoGrouping', p.locked)}
        onChange={(v) => p.set('qcInMisoGrouping', v)}
      />
    </Section>
  );
}

export function TrendsSection(p: SectionProps) {
  return (
    <Section title="Trends" id="trends">
      <Text
        {...p}
        name="trendRuns"
        label="Runs in a trend"
        inputMode="numeric"
        hint={
          'How many earlier runs on the same instrument model a trend chart shows and measures a run against ' +
          `(${TREND_LIMITS.minRuns} to ${TREND_LIMITS.maxRuns}).`
        }
      />
      <Text
        {...p}
        name="trendMinHistory"
        label="Minimum history"
        inputMode="numeric"
        hint={
          'With fewer earlier runs than this, a trend draws no bands and checks no Westgard rule ' +
          `(${TREND_LIMITS.minHistory} up to the runs in a trend).`
        }
      />
    </Section>
  );
}

export function OverlaysSection(p: SectionProps) {
  const locked = isLocked('features.jiraOverlay', p.locked);
  return (
    <Section title="Overlays" id="overlays">
      <p class="hint">Switch one off if a Jira or MISO update breaks it; the rest keeps working.</p>
      <CheckboxField
        name="features.jiraOverlay"
        label="Jira run overlay"
        checked={p.draft.features.jiraOverlay}
        locked={locked}
        onChange={(v) => p.setFeature('jiraOverlay', v)}
      />
      <CheckboxField
        name="features.misoOverlay"
        label="MISO run overlay"
        checked={p.draft.features.misoOverlay}
        locked={locked}
        onChange={(v) => p.setFeature('misoOverlay', v)}
      />
      {p.notices.features && <FieldNotice id="option-features-notice" text={p.notices.features} />}
    </Section>
  );
}
