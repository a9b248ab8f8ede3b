import { Window } from 'happy-dom';
import type { CaseDataInput, RunInput, SampleInput } from '../../../lib/cardea/schema';
import { createMisoApp } from '../../../sandbox/miso/app';
import { MisoState, type MisoOptions } from '../../../sandbox/miso/state';
import { serveSystem } from '../../../sandbox/server';
import { World } from '../../../sandbox/world';

// A small hand-written Cardea document and a MISO stand-in serving it on a free port.

export const RUN_A = 5476;
export const RUN_A_NAME = '221222_A00469_0405_AHYGHJDSX3';
export const RUN_B = 5459;
export const RUN_B_NAME = '210805_M00753_0369_000000000-G8WYC';

function runA(): RunInput {
  return {
    id: RUN_A,
    name: RUN_A_NAME,
    containerModel: 'S2',
    sequencingParameters: 'NovaSeq S2 2x151',
    readLength: 151,
    readLength2: 151,
    startDate: '2022-12-22',
    completionDate: '2022-12-24',
    qcPassed: true,
    qcUser: 'Quinn QC',
    qcDate: '2022-12-27',
    dataReviewPassed: null,
  };
}

function runB(): RunInput {
  return { id: RUN_B, name: RUN_B_NAME, containerModel: 'MiSeq v3', readLength: 151, readLength2: 151, qcPassed: null };
}

type QcFields = Pick<
  SampleInput,
  'qcPassed' | 'qcReason' | 'qcNote' | 'qcUser' | 'qcDate' | 'dataReviewPassed' | 'dataReviewUser' | 'dataReviewDate'
>;

function runLibrary(run: RunInput, lane: number, aliquotId: number, name: string, qc: QcFields = {}): SampleInput {
  return {
    id: `${run.id}_${lane}_LDI${aliquotId}`,
    name,
    project: 'PROJ',
    donor: { id: 'SAM1', name: 'PROJ_0001' },
    tissueOrigin: 'Ly',
    tissueType: 'R',
    libraryDesignCode: 'WG',
    run,
    sequencingLane: String(lane),
    ...qc,
  };
}

export const PASSED_REVIEWED: QcFields = {
  qcPassed: true,
  qcReason: 'Passed',
  qcNote: 'fine',
  qcUser: 'Quinn QC',
  qcDate: '2023-01-02',
  dataReviewPassed: true,
  dataReviewUser: 'Rae Reviewer',
  dataReviewDate: '2023-01-03',
};

/** Run A (NovaSeq S2, 2 lanes): LDI101 on both lanes, LDI103 and LDI104 on lane 1. Run B (MiSeq): LDI101, LDI102. */
export function caseData(): CaseDataInput {
  const sharedRunA = runA();
  return {
    assaysById: {},
    cases: [
      {
        id: 'R1_C1',
        donor: { id: 'SAM1', name: 'PROJ_0001' },
        requisition: { id: 1, name: 'REQ1' },
        tests: [
          {
            name: 'Normal WG',
            libraryQualifications: [
              runLibrary(runB(), 1, 101, 'PROJ_0001_Ly_R_PE_350_WG-1', {
                qcPassed: false,
                qcReason: 'Failed',
                qcNote: 'low yield',
              }),
              runLibrary(runB(), 1, 102, 'PROJ_0001_Ly_R_PE_351_WG-1', { qcPassed: true, qcReason: 'Passed' }),
            ],
            fullDepthSequencings: [
              runLibrary(sharedRunA, 1, 101, 'PROJ_0001_Ly_R_PE_350_WG-1', PASSED_REVIEWED),
              runLibrary(sharedRunA, 2, 101, 'PROJ_0001_Ly_R_PE_350_WG-1'),
              runLibrary(runA(), 1, 103, 'PROJ_0001_Ly_R_PE_400_WG-1', { qcPassed: null, qcReason: 'Top-up Required' }),
            ],
          },
        ],
      },
      {
        id: 'R2_C1',
        donor: { id: 'SAM2', name: 'PROJ_0002' },
        requisition: { id: 2, name: 'REQ2' },
        tests: [
          {
            name: 'Tumour WG',
            fullDepthSequencings: [
              // A copy of the run object, and a name that needs escaping in HTML and JSON.
              {
                ...runLibrary(runA(), 1, 104, 'PROJ_0002_Café&Co_WG-1'),
                donor: { id: 'SAM2', name: 'PROJ_0002' },
                tissueOrigin: 'Pa',
              },
            ],
          },
        ],
      },
    ],
    omittedRunSamples: [],
    timestamp: '2024-01-01T00:00:00Z',
  };
}

export interface MisoServer {
  url: string;
  world: World;
  miso: MisoState;
  /** Logs in through the form and returns the `cookie` header to send. */
  login(username?: string): Promise<string>;
  get(path: string, cookie?: string, init?: RequestInit): Promise<Response>;
  /** `PUT` JSON the way MISO's own scripts send it. */
  putJson(path: string, body: unknown, cookie: string): Promise<Response>;
  postMetrics(data: unknown, cookie: string, path?: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startMiso(options: Partial<MisoOptions> = {}, data = caseData()): Promise<MisoServer> {
  const world = new World(data, { etlDelayMs: 10 });
  const miso = new MisoState(world, { ancestorFailureRate: 0, ...options });
  const { url, close } = await serveSystem('miso', world, createMisoApp(world, miso));
  miso.setBaseUrl(url);
  const get = (path: string, cookie?: string, init: RequestInit = {}) =>
    fetch(url + path, { redirect: 'manual', ...init, headers: { ...(cookie ? { cookie } : {}), ...init.headers } });
  return {
    url,
    world,
    miso,
    get,
    async login(username = 'admin') {
      const response = await get('/login', undefined, {
        method: 'POST',
        body: new URLSearchParams({ username, password: username }),
      });
      const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('JSESSIONID='));
      if (!setCookie) throw new Error(`login as ${username} failed: HTTP ${response.status}`);
      return setCookie.split(';')[0];
    },
    putJson: (path, body, cookie) =>
      get(path, cookie, {
        method: 'PUT',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json; charset=utf8' },
      }),
    postMetrics: (data, cookie, path = '/runlibraries/metrics') =>
      get(path, cookie, {
        method: 'POST',
        body: new URLSearchParams(typeof data === 'string' ? { data } : { data: JSON.stringify(data) }),
      }),
    close,
  };
}

export function parseHtml(text: string): Document {
  const window = new Window();
  return new window.DOMParser().parseFromString(text, 'text/html') as unknown as Document;
}

/** The JSON text of the last argument of an inline call that starts with `prefix` and ends with `);`. */
export function inlineArgument(doc: Document, prefix: string): unknown {
  for (const script of Array.from(doc.querySelectorAll('script:not([src])'))) {
    const source = (script.textContent ?? '').trim();
    if (!source.startsWith(prefix) || !source.endsWith(');')) continue;
    return JSON.parse(source.slice(prefix.length, -2));
  }
  throw new Error(`No inline script starting with ${prefix}`);
}

export function locationPath(response: Response): string | null {
  const location = response.headers.get('location');
  if (location === null) return null;
  const parsed = new URL(location, 'http://sandbox.invalid');
  return parsed.pathname + parsed.search;
}
