import { useEffect, useRef } from 'preact/hooks';
import type { CaseRecord } from '../../../lib/cardea/records';
import type { CaseListItem } from '../../../lib/case-signoff/schemas';
import { aggregateStatus, describeItem, stepItems, type StepItem } from '../../../lib/case-signoff/status-view';
import { signoffSteps, STEP_LABELS, type SignoffStepName } from '../../../lib/case-signoff/steps';

// The cases with their state per QC step and deliverable type. A checkbox per row; the header
// checkbox selects the cases on this page only (seed 003, step 1.4).

export interface CaseTableProps {
  items: CaseListItem[];
  selected: ReadonlySet<string>;
  onSelect: (records: CaseRecord[], checked: boolean) => void;
}

function StepCell({
  step,
  items,
  fromNabu,
}: {
  step: SignoffStepName;
  items: StepItem[];
  fromNabu: CaseListItem['fromNabu'];
}) {
  const isFromNabu = (item: StepItem) =>
    fromNabu.some(
      (n) => n.step === step && n.deliverableType === item.deliverableType && n.deliverable === item.deliverable,
    );
  return (
    <td data-step={step} data-status={aggregateStatus(items)}>
      {items.length === 0 && <span class="bao-case-sub">No deliverables</span>}
      {items.map((item) => (
        <span
          class="bao-step-item"
          data-deliverable-type={item.deliverableType}
          data-deliverable={item.deliverable ?? undefined}
          data-status={item.view.status}
          data-shade={item.view.shade}
          title={describeItem(item)}
        >
          <span class="bao-step-item__what">
            {item.deliverable ? `${item.deliverableType} – ${item.deliverable}` : item.deliverableType}
          </span>
          <span class="bao-step-item__icon" aria-hidden="true">
            {item.view.icon}
          </span>{' '}
          {item.view.label}
          {isFromNabu(item) && (
            <span class="bao-step-item__nabu" title="Saved in Nabu; Cardea does not show it yet">
              (Nabu)
            </span>
          )}
        </span>
      ))}
    </td>
  );
}

function PageCheckbox({ items, selected, onSelect }: CaseTableProps) {
  const ref = useRef<HTMLInputElement>(null);
  const count = items.filter((i) => selected.has(i.record.id)).length;
  const all = items.length > 0 && count === items.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && !all;
  }, [count, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="Select all cases on this page"
      checked={all}
      disabled={items.length === 0}
      onChange={() =>
        onSelect(
          items.map((i) => i.record),
          !all,
        )
      }
    />
  );
}

export function CaseTable(props: CaseTableProps) {
  const { items, selected, onSelect } = props;
  return (
    <div class="bao-case-table-wrap">
      <table class="bao-case-table">
        <thead>
          <tr>
            <th class="bao-check">
              <PageCheckbox {...props} />
            </th>
            <th scope="col">Case</th>
            <th scope="col">Project · Assay</th>
            {signoffSteps.map((step) => (
              <th scope="col">{STEP_LABELS[step]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const c = item.record;
            const steps = stepItems(c);
            const isSelected = selected.has(c.id);
            return (
              <tr
                key={c.id}
                data-case-id={c.id}
                data-selected={isSelected}
                data-paused={c.requisition.paused}
                data-stopped={c.requisition.stopped}
              >
                <td class="bao-check">
                  <input
                    type="checkbox"
                    aria-label={`Select ${c.id}`}
                    checked={isSelected}
                    onChange={() => onSelect([c], !isSelected)}
                  />
                </td>
                <td>
                  <span class="bao-case-id">{c.id}</span>
                  <div class="bao-case-sub">{c.requisition.name}</div>
                  {c.requisition.stopped && (
                    <span class="bao-flag bao-flag--stopped" title={c.requisition.stopReason ?? undefined}>
                      Stopped
                    </span>
                  )}
                  {c.requisition.paused && (
                    <span class="bao-flag bao-flag--paused" title={c.requisition.pauseReason ?? undefined}>
                      Paused
                    </span>
                  )}
                </td>
                <td>
                  {c.projects.map((p) => p.name).join(', ')}
                  <div class="bao-case-sub">{c.assayName}</div>
                </td>
                {signoffSteps.map((step) => (
                  <StepCell step={step} items={steps[step]} fromNabu={item.fromNabu} />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
