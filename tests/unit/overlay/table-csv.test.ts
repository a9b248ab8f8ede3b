import { describe, expect, test } from 'vitest';
import { buildRunTables } from '../../../lib/run-table/run-table-model';
import { csvFileName, tableCsv } from '../../../lib/run-table/table-csv';
import { FD_SAMPLES, RUN_NAME, runData } from './run-data';

/** Splits a CSV the way a spreadsheet would (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

const fdOf = (data = runData()) => buildRunTables(data).tables.find((t) => t.key === 'fd')!;

describe('tableCsv', () => {
  test('one line per given row, in the given order, with every metric as raw value and outcome', () => {
    const fd = fdOf();
    const rows = [...fd.rows].reverse();
    const [header, ...lines] = parseCsv(tableCsv(RUN_NAME, fd, rows));
    expect(header!.slice(0, 8)).toEqual([
      'Run',
      'Run-library ID',
      'Library',
      'Lane',
      'Project',
      'Tissue Attributes',
      'Design',
      'QC Status',
    ]);
    expect(header!.at(-1)).toBe('Latest Activity');
    expect(header).toContain('Mean Coverage Deduplicated');
    expect(header).toContain('Mean Coverage Deduplicated QC');
    expect(lines.map((l) => l[1])).toEqual(rows.map((r) => r.id));
    expect(lines.every((l) => l.length === header!.length)).toBe(true);

    const column = header!.indexOf('Mean Coverage Deduplicated');
    const failing = lines.find((l) => l[2] === 'B_FAILING_WG')!;
    expect([failing[column], failing[column + 1]]).toEqual(['30', 'fail']);
    const pending = lines.find((l) => l[2] === 'C_PENDING_WG')!;
    expect(pending[column + 1]).toBe('unavailable');
    expect(pending[column]).toBe('Pending analysis');
  });

  test('commas, quotes and line breaks survive; text that would run as a formula does not', () => {
    const odd = [
      { ...FD_SAMPLES[0]!, name: 'A "quoted", name' },
      { ...FD_SAMPLES[1]!, name: '=HYPERLINK("http://x")' },
    ];
    const fd = fdOf(runData({}, odd, []));
    const lines = parseCsv(tableCsv(RUN_NAME, fd, fd.rows)).slice(1);
    expect(lines.map((l) => l[2])).toEqual(['A "quoted", name', `'=HYPERLINK("http://x")`]);
  });

  test('text from Cardea that begins like a formula is neutralised, even when it looks like a number', () => {
    const names = ['+SUM(A1:A9)', "-2+3+cmd|' /C calc'!A0", '@SUM(A1)', '\t=1+1', '\r=1+1', '-1', '\t7'];
    const odd = names.map((name, i) => ({
      ...FD_SAMPLES[0]!,
      id: `5476_1_LDI${900 + i}`,
      name,
      project: i === 0 ? '=PROJ' : 'PROJ',
    }));
    const fd = fdOf(runData({}, odd, []));
    const lines = parseCsv(tableCsv(RUN_NAME, fd, fd.rows)).slice(1);
    expect(lines.map((l) => l[2]).sort()).toEqual(names.map((name) => `'${name}`).sort());
    expect(lines.find((l) => l[2] === "'+SUM(A1:A9)")![4]).toBe("'=PROJ");
  });

  test('the numbers Bao writes stay numbers: a negative metric value is not prefixed', () => {
    const fd = fdOf(runData({}, [{ ...FD_SAMPLES[0]!, meanInsertSize: -12.5 }], []));
    const [header, line] = parseCsv(tableCsv(RUN_NAME, fd, fd.rows));
    expect(line![header!.indexOf('Mean Insert Size')]).toBe('-12.5');
    expect(line![header!.indexOf('Lane')]).toBe('1');
  });

  test('a file name per run and table', () => {
    expect(csvFileName('230110_A00469_0410_BHXY7LDSX5', 'fd')).toBe('230110_A00469_0410_BHXY7LDSX5_FD_metrics.csv');
    expect(csvFileName('a/b c', 'lq')).toBe('a_b_c_LQ_metrics.csv');
  });
});
