import { useState } from 'preact/hooks';
import { misoItemUrl } from '../../lib/miso/pages';
import type { OmissionRow } from '../../lib/run-table/run-table-model';
import { plural } from '../../lib/text';
import { statusGlyph } from '../glyphs';
import { copyWithNotice, type CopyText } from './host-actions';

export interface OmissionsProps {
  rows: OmissionRow[];
  misoUrl: string;
  onCopy: CopyText;
}

/**
 * Dimsum's Omissions table (docs/qc-rules.md#run-page, docs/qc-rules.md#table-mechanics): libraries sequenced on the run that belong to no
 * case. Folded away by default: they need no sign-off here, but someone may need to find them. Their
 * rows are only rendered once unfolded, so they cost nothing on a page where nobody looks.
 */
export function Omissions({ rows, misoUrl, onCopy }: OmissionsProps) {
  const [notice, setNotice] = useState('');
  const [open, setOpen] = useState(false);
  if (rows.length === 0) return null;
  const copyNames = () =>
    void copyWithNotice(
      onCopy,
      rows.map((row) => row.libraryName).join('\n'),
      plural(rows.length, 'name', 'names'),
    ).then(setNotice);
  return (
    <details class="bao-omissions" data-bao="omissions" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        <h3 class="bao-omissions__title">Omissions</h3>{' '}
        <span class="bao-muted">{plural(rows.length, 'library', 'libraries')}</span>
      </summary>
      <p class="bao-muted">The libraries listed here were included in the run, but are not a part of any case.</p>
      <div class="bao-actions">
        <button type="button" class="bao-button" data-bao="copy-omitted-names" onClick={copyNames}>
          Copy names
        </button>
        <span class="bao-notice" role="status">
          {notice}
        </span>
      </div>
      {open && (
        <table class="bao-simple-table">
          <thead>
            <tr>
              <th scope="col">QC Status</th>
              <th scope="col">Name</th>
              <th scope="col">Project</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const href = misoItemUrl(misoUrl, row.id);
              return (
                <tr key={row.id} data-run-library={row.id}>
                  <td
                    class={`bao-shade--${row.status.shade}`}
                    data-status={row.status.key}
                    title={row.status.tooltip.join('\n')}
                  >
                    <span class="bao-mark" aria-hidden="true">
                      {statusGlyph(row.status)}
                    </span>{' '}
                    {row.status.label}
                  </td>
                  <td>
                    {href ? (
                      <a class="bao-item-link" href={href} target="_blank" rel="noopener noreferrer">
                        {row.name}
                      </a>
                    ) : (
                      row.name
                    )}
                  </td>
                  <td>{row.project ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </details>
  );
}
