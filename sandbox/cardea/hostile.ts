import type { AssayInput, CaseDataInput, CaseInput, RunInput, SampleInput } from '../../lib/cardea/schema';

// A Cardea document written by someone hostile (issue 15): every field Bao shows or sends carries a payload, each
// numbered, so a page that runs one calls `__baoHostile(n)` and says which. Identity fields keep their old value
// inside (names stay unique) and are renamed consistently, so runs, libraries, projects and metrics still join.

/** The page-world function a payload calls when it runs. */
export const HOSTILE_HOOK = '__baoHostile';

type Payload = (n: number) => string;

const call = (n: number) => `${HOSTILE_HOOK}(${n})`;

/** Payloads for free text. */
const TEXT_PAYLOADS: Payload[] = [
  (n) => `<img src=x onerror="${call(n)}">`,
  (n) => `<script>${call(n)}</script>`,
  (n) => `"><svg onload=${call(n)}>`,
  (n) => `javascript:${call(n)}`,
  (n) => `data:text/html,<script>${call(n)}</script>`,
  (n) => `'-${call(n)}-'`,
  (n) => `{{constructor.constructor('${call(n)}')()}}`,
  (n) => `\${${call(n)}}`,
  (n) => `=HYPERLINK("https://evil.example/${n}","open")`,
  (n) => `+${n}+cmd|' /C calc'!A0`,
  (n) => `-${n}+1`,
  (n) => `@SUM(${n})`,
  (n) => `\t${n} tab`,
  (n) => `\r${n} return`,
  (n) => `\u202Egnp.${n}exe \u200B\u200D`,
  (n) => `${n}\n<b>line two</b>\n%00 %2e%2e/ + 50% ✓`,
  (n) => `${n}${'W'.repeat(4000)}`,
];

/** Payloads with no white space, for names Bao reads out of a ticket summary or a URL (a run, a case). */
const NAME_PAYLOADS: Payload[] = [
  (n) => `<img/src=x/onerror=${call(n)}>`,
  (n) => `<svg/onload=${call(n)}>`,
  (n) => `javascript:${call(n)}//`,
  (n) => `=${n}+1`,
  (n) => `\u202E${n}\u200B`,
];

export interface HostileDocument {
  caseData: CaseDataInput;
  /** How many payloads went into the document. */
  payloads: number;
  /** Which field each payload is in, by number. */
  fields: string[];
}

class Poisoner {
  readonly fields: string[] = [];
  /** Objects already poisoned: a generated document shares one run object among its libraries. */
  private readonly seen = new WeakSet<object>();

  firstVisit(thing: object): boolean {
    if (this.seen.has(thing)) return false;
    this.seen.add(thing);
    return true;
  }
  private readonly renamed = new Map<string, string>();

  private readonly texts = new Map<string, string>();

  /**
   * `payload + old`, the payload numbered and noted against `field`. With `key`, the same text for the same field
   * of the same thing wherever it appears (a run-library in two cases, a run on every one of its libraries).
   */
  text(field: string, old: string | null | undefined, key?: string): string {
    const memo = key === undefined ? undefined : `${field}\u0000${key}`;
    const known = memo && this.texts.get(memo);
    if (known) return known;
    const n = this.fields.push(field);
    const text = `${TEXT_PAYLOADS[n % TEXT_PAYLOADS.length]!(n)} ${old ?? ''}`.trimEnd();
    if (memo) this.texts.set(memo, text);
    return text;
  }

  /** The same new name for the same old one, wherever it appears (a project, a run, a case). */
  name(kind: string, old: string): string {
    const key = `${kind}\u0000${old}`;
    let name = this.renamed.get(key);
    if (!name) {
      const n = this.fields.push(kind);
      name = `${old}${NAME_PAYLOADS[n % NAME_PAYLOADS.length]!(n)}`;
      this.renamed.set(key, name);
    }
    return name;
  }
}

function poisonRun(p: Poisoner, run: RunInput): void {
  if (!p.firstVisit(run)) return;
  const old = run.name;
  run.name = p.name('run', old);
  run.sequencingParameters = p.text('run sequencing parameters', run.sequencingParameters, old);
  if (run.qcUser) run.qcUser = p.text('run QC user', run.qcUser, old);
  if (run.dataReviewUser) run.dataReviewUser = p.text('run data review user', run.dataReviewUser, old);
}

function poisonSample(p: Poisoner, sample: SampleInput): void {
  if (!p.firstVisit(sample)) return;
  const id = sample.id;
  sample.name = p.text('library name', sample.name, id);
  if (sample.project) sample.project = p.name('project', sample.project);
  if (sample.donor) {
    sample.donor.name = p.name('donor', sample.donor.name);
    sample.donor.externalName = p.text('donor external name', sample.donor.externalName, sample.donor.id);
  }
  sample.groupId = p.text('group id', sample.groupId, id);
  sample.secondaryId = p.text('secondary id', sample.secondaryId, id);
  sample.requisitionName = p.text('requisition name', sample.requisitionName, id);
  if (sample.qcNote) sample.qcNote = p.text('QC note', sample.qcNote, id);
  if (sample.qcReason) sample.qcReason = p.text('QC reason', sample.qcReason, id);
  if (sample.qcUser) sample.qcUser = p.text('QC user', sample.qcUser, id);
  // A number as a string, as Cardea's JSON may carry one.
  if (typeof sample.meanInsertSize === 'number') sample.meanInsertSize = String(sample.meanInsertSize);
  if (sample.run) poisonRun(p, sample.run);
  for (const metric of sample.metrics ?? [])
    metric.units = p.text('metric units', metric.units, `${id} ${metric.name}`);
  if (sample.run && sample.metrics) {
    for (const name of HOSTILE_METRICS) {
      sample.metrics.push({
        name,
        metricLevel: 'SAMPLE',
        value: '12.5',
        thresholdType: 'GT',
        minimum: 10,
        qcPassed: true,
      });
    }
  }
}

/** Metric names that are also property names of every JavaScript object, and markup. */
export const HOSTILE_METRICS = ['__proto__', 'constructor', `Yield <img src=x onerror="${call(0)}">`] as const;

function poisonAssay(p: Poisoner, assay: AssayInput): void {
  assay.name = p.text('assay name', assay.name);
  assay.description = p.text('assay description', assay.description);
  for (const subcategories of Object.values(assay.metricCategories ?? {})) {
    for (const [i, sub] of (subcategories ?? []).entries()) {
      sub.name = p.text('metric subcategory', sub.name);
      for (const metric of sub.metrics) metric.units = p.text('metric units', metric.units);
      if (i === 0) {
        for (const name of HOSTILE_METRICS) {
          sub.metrics.push({ name, thresholdType: 'GT', minimum: 10, units: p.text('metric units', '%') });
        }
      }
    }
  }
}

function poisonCase(p: Poisoner, kase: CaseInput): void {
  kase.id = p.name('case', kase.id);
  kase.assayName = p.text('case assay name', kase.assayName);
  kase.assayDescription = p.text('case assay description', kase.assayDescription);
  kase.donor.name = p.name('donor', kase.donor.name);
  kase.donor.externalName = p.text('donor external name', kase.donor.externalName, kase.donor.id);
  kase.requisition.name = p.text('requisition name', kase.requisition.name);
  for (const project of kase.projects ?? []) project.name = p.name('project', project.name);
  for (const deliverable of kase.deliverables ?? []) {
    for (const release of deliverable.releases ?? []) {
      release.deliverable = p.text('release deliverable', release.deliverable);
      if (release.qcNote) release.qcNote = p.text('release note', release.qcNote);
    }
    if (deliverable.analysisReviewQcNote)
      deliverable.analysisReviewQcNote = p.text('review note', deliverable.analysisReviewQcNote);
  }
  for (const sample of kase.receipts ?? []) poisonSample(p, sample);
  for (const test of kase.tests ?? []) {
    test.name = p.text('test name', test.name);
    for (const list of [
      test.extractions,
      test.libraryPreparations,
      test.libraryQualifications,
      test.fullDepthSequencings,
    ])
      for (const sample of list ?? []) poisonSample(p, sample);
  }
}

/** One library on each run that is in no case, so the run's Omissions have something to show. */
function omissions(caseData: CaseDataInput) {
  const runs = new Map<string, { run: RunInput; category: string }>();
  const note = (samples: SampleInput[] | null | undefined, category: string) => {
    for (const sample of samples ?? []) if (sample.run) runs.set(sample.run.name, { run: sample.run, category });
  };
  for (const kase of caseData.cases)
    for (const test of kase.tests ?? []) {
      note(test.libraryQualifications, 'LIBRARY_QUALIFICATION');
      note(test.fullDepthSequencings, 'FULL_DEPTH_SEQUENCING');
    }
  return [...runs.values()].map(({ run, category }, i) => ({
    id: `${run.id}_1_LDI${990_000 + i}`,
    name: `OMIT_${String(i).padStart(4, '0')}_Ly_R_PE_300_WG`,
    project: 'OMIT',
    runId: run.id,
    runName: run.name,
    sequencingLane: 1,
    sequencingType: category,
  }));
}

/** A copy of `caseData` with a payload in every field Bao shows or sends. */
export function hostileCaseData(caseData: CaseDataInput): HostileDocument {
  const copy = structuredClone(caseData);
  const p = new Poisoner();
  copy.omittedRunSamples = [...(copy.omittedRunSamples ?? []), ...omissions(copy)];
  for (const assay of Object.values(copy.assaysById)) poisonAssay(p, assay);
  for (const kase of copy.cases) poisonCase(p, kase);
  for (const omitted of copy.omittedRunSamples) {
    omitted.name = p.text('omitted library name', omitted.name, omitted.id);
    omitted.runName = p.name('run', omitted.runName);
    if (omitted.project) omitted.project = p.name('project', omitted.project);
  }
  return { caseData: copy, payloads: p.fields.length, fields: p.fields };
}
