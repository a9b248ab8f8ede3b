import {
  Virtualizer,
  defaultRangeExtractor,
  elementScroll,
  observeElementOffset,
  observeElementRect,
  type Range,
  type VirtualItem,
} from '@tanstack/virtual-core';
import type { RefObject } from 'preact';
import { useLayoutEffect, useReducer, useState } from 'preact/hooks';

// A small Preact binding for @tanstack/virtual-core: only the rows in (and near) the scroll
// viewport are rendered, so a 2,000-row run costs about as much to show as a 40-row one.

export interface VirtualRowsOptions {
  count: number;
  rowHeight: number;
  /** The sticky header above the rows, inside the same scroll box. */
  headerHeight: number;
  scrollRef: RefObject<HTMLElement | null>;
  /** A row that must stay rendered (the keyboard's active row keeps its focus while scrolled away). */
  keepIndex?: number;
  /** false renders every row: the baseline the bench compares against. */
  enabled?: boolean;
  overscan?: number;
}

export interface VirtualRows {
  items: { index: number; start: number }[];
  totalSize: number;
  scrollToIndex: (index: number) => void;
}

// Before layout (or in a test DOM) the scroll box reports 0 px; assume a typical viewport instead of none.
const FALLBACK_HEIGHT = 600;

export function useVirtualRows({
  count,
  rowHeight,
  headerHeight,
  scrollRef,
  keepIndex = -1,
  enabled = true,
  overscan = 8,
}: VirtualRowsOptions): VirtualRows {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLElement, HTMLElement>({
        count,
        getScrollElement: () => scrollRef.current,
        estimateSize: () => rowHeight,
        scrollToFn: elementScroll,
        observeElementRect: (instance, cb) =>
          observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : { ...rect, height: FALLBACK_HEIGHT })),
        observeElementOffset,
        initialRect: { width: 0, height: FALLBACK_HEIGHT },
      }),
  );
  virtualizer.setOptions({
    ...virtualizer.options,
    count,
    estimateSize: () => rowHeight,
    overscan,
    enabled,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
    rangeExtractor: (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return keepIndex >= 0 && keepIndex < count && !indexes.includes(keepIndex)
        ? [...indexes, keepIndex].sort((a, b) => a - b)
        : indexes;
    },
    onChange: () => rerender(0),
  });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());

  if (!enabled) {
    return {
      items: Array.from({ length: count }, (_, index) => ({ index, start: index * rowHeight })),
      totalSize: count * rowHeight,
      scrollToIndex: (index) => scrollRowIntoView(scrollRef.current, index, rowHeight, headerHeight),
    };
  }
  const items = virtualizer
    .getVirtualItems()
    .map((item: VirtualItem) => ({ index: item.index, start: item.start - headerHeight }));
  return {
    items,
    totalSize: virtualizer.getTotalSize(),
    scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
  };
}

function scrollRowIntoView(scroller: HTMLElement | null, index: number, rowHeight: number, headerHeight: number): void {
  if (!scroller) return;
  const top = headerHeight + index * rowHeight;
  if (top < scroller.scrollTop + headerHeight) scroller.scrollTop = top - headerHeight;
  else if (top + rowHeight > scroller.scrollTop + scroller.clientHeight)
    scroller.scrollTop = top + rowHeight - scroller.clientHeight;
}
