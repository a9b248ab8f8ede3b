import type { CaseDataInput, SampleInput } from '../../../lib/cardea/schema';
import { createJiraClient, type JiraClient, type JiraClientConfig } from '../../../lib/jira/client';
import { createJiraApp } from '../../../sandbox/jira/app';
import { JiraState, type JiraOptions } from '../../../sandbox/jira/state';
import { serveSystem } from '../../../sandbox/server';
import { World } from '../../../sandbox/world';

// The sandbox Jira alone, on a free port, for the client and sync tests (the same app the e2e
// sandbox serves), with a tiny Cardea document so its seeded tickets exist.

export const RUN0 = '230101_M00001_0001_000000000-AAAAA';
export const RUN1 = '230102_M00001_0002_000000000-BBBBB';
export const RUN2 = '230103_M00001_0003_000000000-CCCCC';
export const RUN3 = '230104_M00001_0004_000000000-DDDDD';

function caseData(): CaseDataInput {
  const run = (id: number, name: string, qcDate: string | null, dataReviewDate: string | null) => ({
    id,
    name,
    qcDate,
    dataReviewDate,
  });
  const runs = [
    run(1, RUN0, null, null),
    run(2, RUN1, '2023-01-03', '2023-01-03'),
    run(3, RUN2, '2023-01-04', '2023-01-05'),
    run(4, RUN3, null, null),
  ];
  const lib = (id: string, r: number, extra: Partial<SampleInput> = {}): SampleInput => ({
    id,
    name: `LIB_${id}`,
    run: runs[r],
    sequencingLane: '1',
    project: 'PROJ',
    ...extra,
  });
  return {
    assaysById: {},
    timestamp: '2026-01-10T12:00:00Z',
    cases: [
      {
        id: 'R1_PROJ_0001_Ly_R',
        donor: { id: 'SAM1', name: 'PROJ_0001' },
        requisition: { id: 1, name: 'REQ-1' },
        tests: [
          {
            name: 'Normal WG',
            libraryQualifications: [
              lib('L1', 0, { qcDate: '2023-01-02' }),
              lib('L2', 0),
              lib('L4', 1, { qcDate: '2023-01-03', dataReviewDate: '2023-01-03' }),
              lib('L5', 2, { qcDate: '2023-01-04', dataReviewDate: '2023-01-05' }),
              lib('L6', 3, { qcDate: '2023-01-06' }),
            ],
          },
        ],
      },
    ],
  };
}

export interface JiraSandbox {
  world: World;
  jira: JiraState;
  base: string;
  close(): Promise<void>;
  client(overrides?: Partial<JiraClientConfig>): JiraClient;
}

export async function startJira(options: Partial<JiraOptions> = {}): Promise<JiraSandbox> {
  const world = new World(caseData(), { etlDelayMs: 5 });
  const jira = new JiraState(world, options);
  const { url: base, close } = await serveSystem('jira', world, createJiraApp(world, jira));
  jira.setBaseUrl(base);
  const cloud = options.flavour === 'cloud';
  return {
    world,
    jira,
    base,
    close,
    client: (overrides = {}) =>
      createJiraClient({
        baseUrl: `${base}${options.contextPath ?? ''}`,
        flavour: cloud ? 'cloud' : 'datacenter',
        project: 'GLT',
        label: 'dimsum-notification',
        token: 'sandbox-pat-qc-bot',
        email: cloud ? 'qc.bot@lab.example' : undefined,
        sleep: async () => undefined,
        ...overrides,
      }),
  };
}
