/** A one-paragraph Bao note on a host page (MISO's login or Run-Library Metrics page). Text only, never HTML. */
export interface BaoNoticeProps {
  tone: 'info' | 'error';
  message: string;
  detail?: string;
  action?: { href: string; label: string };
}

export function BaoNotice({ tone, message, detail, action }: BaoNoticeProps) {
  return (
    <div class={`bao-notice bao-notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span class="bao-logo" aria-hidden="true">
        B
      </span>
      <div class="bao-notice__text">
        <p class="bao-notice__message">{message}</p>
        {detail && <p class="bao-notice__detail">{detail}</p>}
        {action && (
          <p class="bao-notice__detail">
            <a href={action.href}>{action.label}</a>
          </p>
        )}
      </div>
    </div>
  );
}
