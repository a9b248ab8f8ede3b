import { SHORTCUTS } from './grid-keys';

/** The "?" button and the panel listing the grid's keyboard shortcuts (a full-width line of the toolbar). */
export function ShortcutsHelp({ id, open, onToggle }: { id: string; open: boolean; onToggle: () => void }) {
  return (
    <>
      <button
        type="button"
        class="bao-button bao-help__button"
        aria-expanded={open}
        aria-controls={id}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={onToggle}
      >
        ?
      </button>
      {open && (
        <div
          id={id}
          class="bao-help__popover"
          role="region"
          aria-label="Keyboard shortcuts"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              onToggle();
            }
          }}
        >
          <p class="bao-help__intro">Click a row (or Tab to the table), then:</p>
          <dl class="bao-help__list">
            {SHORTCUTS.map(([keys, action]) => (
              <div key={keys} class="bao-help__item">
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{action}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </>
  );
}
