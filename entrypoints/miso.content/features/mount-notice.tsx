import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { BaoNotice, type BaoNoticeProps } from '../../../components/miso-notice/bao-notice';
import css from '../../../components/miso-notice/bao-notice.css?inline';

export interface NoticeMount {
  /** Custom element name, `bao-…`. */
  name: string;
  anchor: Element;
  append: 'first' | 'before' | 'after';
  /** The testability contract: `data-bao`, … */
  attributes: Record<string, string>;
  notice: BaoNoticeProps;
}

/** Shows a Bao notice in its own Shadow DOM, so MISO's CSS and Bao's cannot touch each other. */
export async function mountNotice(ctx: ContentScriptContext, { name, anchor, append, attributes, notice }: NoticeMount): Promise<void> {
  const ui = await createShadowRootUi(ctx, {
    name,
    position: 'inline',
    anchor,
    append,
    css,
    onMount: (container, _shadow, host) => {
      for (const [key, value] of Object.entries(attributes)) host.setAttribute(key, value);
      render(<BaoNotice {...notice} />, container);
      return container;
    },
    onRemove: (container) => {
      if (container) render(null, container);
    },
  });
  if (ctx.isValid) ui.mount();
}
