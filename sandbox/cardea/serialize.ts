import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { CaseDataInput } from '../../lib/cardea/schema';

/**
 * Cardea's `/dimsum` document as a sequence of JSON pieces, one case at a time, so a document of
 * hundreds of MB is never one string (V8 caps strings at about 512 MB). The concatenation equals
 * `JSON.stringify(caseData)`, with the keys in the object's own order.
 */
export function* serializeCaseData(caseData: CaseDataInput): Generator<string> {
  let first = true;
  for (const [key, value] of Object.entries(caseData)) {
    if (value === undefined || typeof value === 'function') continue;
    const prefix = `${first ? '{' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (key !== 'cases' || !Array.isArray(value)) {
      yield prefix + JSON.stringify(value);
      continue;
    }
    yield `${prefix}[`;
    for (let i = 0; i < value.length; i++) {
      // JSON.stringify writes undefined array items as null; keep that so the output matches it.
      yield (i === 0 ? '' : ',') + (JSON.stringify(value[i]) ?? 'null');
    }
    yield ']';
  }
  yield first ? '{}' : '}';
}

/** Streams the document to a file (honouring backpressure, failing on write errors); resolves with its size in bytes. */
export async function writeCaseDataFile(caseData: CaseDataInput, file: string): Promise<number> {
  const out = createWriteStream(file);
  const failed = once(out, 'error').then(([error]) => {
    throw error;
  });
  let bytes = 0;
  for (const piece of serializeCaseData(caseData)) {
    bytes += Buffer.byteLength(piece);
    if (!out.write(piece)) await Promise.race([once(out, 'drain'), failed]);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return bytes;
}
