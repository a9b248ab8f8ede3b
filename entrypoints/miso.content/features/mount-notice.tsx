import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { BaoNotice, type BaoNoticeProps } from '../../../components/miso-notice/bao-notice';
import css from '../../../components/miso-notice/bao-notice.css?inline';
import { mountShadowUi } from '../../../lib/content-script/shadow-ui';

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
export function mountNotice(ctx: ContentScriptContext, { notice, ...where }: NoticeMount): Promise<void> {
  return mountShadowUi(ctx, { ...where, css, view: <BaoNotice {...notice} /> });
}
