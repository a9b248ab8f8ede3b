import type { CaseRecord } from '../cardea/records';
import { getCurrentIndex, listCaseRecords, type CurrentIndex } from '../db';

// Every case record of the current Cardea generation. Parsed records are remembered per
// generation: the popup pages and filters the same few thousand cases many times between documents.

export interface CaseIndex {
  index: CurrentIndex | undefined;
  records: CaseRecord[];
}

let remembered: { key: string; value: CaseIndex } | undefined;

export async function readCaseRecords(): Promise<CaseIndex> {
  const current = await getCurrentIndex();
  if (current && remembered?.key === JSON.stringify(current)) return remembered.value;
  const value = await listCaseRecords();
  if (value.index) remembered = { key: JSON.stringify(value.index), value };
  return value;
}

/** Tests that swap the database under the module call this. */
export function forgetCaseRecords(): void {
  remembered = undefined;
}
