import { z } from 'zod';
import { inlineScriptContaining, jsonArgumentAfter } from './inline-json';
import { queryMiso } from './selectors';

const CREATE_FORM = "FormUtils.createForm('runForm'";
const SavedRun = z.object({ id: z.number().int().positive(), alias: z.string().min(1) });

export interface RunPageInfo {
  runId: number;
  /** The saved alias (the sequencer's run name), not the editable input's current text. */
  runName: string;
  anchor: Element;
}

/** Reads the Edit Run page; undefined until the page has rendered a saved run. */
export function readRunPage(doc: Document): RunPageInfo | undefined {
  const anchor = queryMiso(doc, 'aliquotsSection');
  const idText = (queryMiso(doc, 'runIdInput') as HTMLInputElement | null)?.value;
  if (!anchor || !idText) return undefined;
  const script = inlineScriptContaining(doc, CREATE_FORM);
  const json = script && jsonArgumentAfter(script, CREATE_FORM, '{');
  if (!json) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  const run = SavedRun.safeParse(raw);
  if (!run.success || String(run.data.id) !== idText.trim()) return undefined;
  return { runId: run.data.id, runName: run.data.alias, anchor };
}
