// The sandbox's Jira workflow: a classic Jira workflow with the names Dimsum is configured for
// (docs/jira-and-nabu.md#jira-workflow): "Close Issue" has the Resolution field on its screen, "Reopen Issue" has no
// screen and its post-function clears the resolution. Transition ids are stable per name.

export const STATUS_CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;
export type StatusCategoryKey = keyof typeof STATUS_CATEGORIES;

export const statusNames = ['Open', 'In Progress', 'Reopened', 'Closed'] as const;
export type StatusName = (typeof statusNames)[number];

export const STATUSES: Record<StatusName, { id: string; category: StatusCategoryKey; description: string }> = {
  Open: { id: '1', category: 'new', description: 'The issue is open and ready for the assignee to start work on it.' },
  'In Progress': { id: '3', category: 'indeterminate', description: 'This issue is being actively worked on.' },
  Reopened: {
    id: '4',
    category: 'new',
    description: 'This issue was once resolved, but the resolution was deemed incorrect.',
  },
  Closed: { id: '6', category: 'done', description: 'The issue is considered finished.' },
};

export interface Resolution {
  id: string;
  name: string;
  description: string;
}

export const RESOLUTIONS: readonly Resolution[] = [
  { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
  { id: '10001', name: "Won't Do", description: 'This issue won’t be actioned.' },
  { id: '4', name: 'Incomplete', description: 'The problem is not completely described.' },
  { id: '3', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
];

export function findResolution(ref: { id?: string; name?: string }): Resolution | undefined {
  if (ref.id !== undefined) return RESOLUTIONS.find((r) => r.id === ref.id);
  const name = ref.name?.toLowerCase();
  return RESOLUTIONS.find((r) => r.name.toLowerCase() === name);
}

export interface Transition {
  id: string;
  name: string;
  from: readonly StatusName[];
  to: StatusName;
  /** Fields on the transition's screen; `resolution` is required where present. */
  screenFields: readonly string[];
}

export const TRANSITIONS: readonly Transition[] = [
  { id: '4', name: 'Start Progress', from: ['Open', 'Reopened'], to: 'In Progress', screenFields: [] },
  { id: '301', name: 'Stop Progress', from: ['In Progress'], to: 'Open', screenFields: [] },
  {
    id: '2',
    name: 'Close Issue',
    from: ['Open', 'In Progress', 'Reopened'],
    to: 'Closed',
    screenFields: ['resolution'],
  },
  { id: '3', name: 'Reopen Issue', from: ['Closed'], to: 'Reopened', screenFields: [] },
];

export const transitionsFrom = (status: StatusName) => TRANSITIONS.filter((t) => t.from.includes(status));

export const ISSUE_TYPES = [
  { id: '3', name: 'Task', description: 'A task that needs to be done.', subtask: false },
  {
    id: '1',
    name: 'Bug',
    description: 'A problem which impairs or prevents the functions of the product.',
    subtask: false,
  },
] as const;
