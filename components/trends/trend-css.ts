// The trend view's and the trend warning's styles, put into the overlay's shadow root by the components themselves
// (with uPlot's own stylesheet), so the host features' CSS needs no change.
export const TREND_CSS = `
.bao-trend-warning { color: #5b2a86; font-weight: 600; }
.bao-trend-warning__mark { color: #6f42c1; }
.bao-trend-warning ul { margin: 2px 0 0; padding-left: 16px; font-weight: 400; }
.bao-trend { margin: 8px 12px; padding: 8px 12px; border: 1px solid #b9a5d8; border-radius: 6px; background: #faf8fd; }
.bao-trend__head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.bao-trend__title { margin: 0; font-size: 14px; font-weight: 600; }
.bao-trend__title:focus { outline: 2px solid #6f42c1; outline-offset: 2px; }
.bao-trend__close { margin-left: auto; }
.bao-trend__body { display: flex; gap: 12px; flex-wrap: wrap; align-items: flex-start; margin-top: 6px; }
.bao-trend__chart { flex: 0 0 auto; min-width: 300px; }
.bao-trend__chart:focus { outline: 2px solid #6f42c1; }
.bao-trend__side { flex: 1 1 280px; min-width: 260px; }
.bao-trend__rules { margin: 4px 0 8px; padding-left: 18px; }
.bao-trend__rule--fires { color: #5b2a86; font-weight: 600; }
.bao-trend__table-wrap { max-height: 260px; overflow: auto; border: 1px solid #dcd3ea; }
.bao-trend__table { border-collapse: collapse; font-size: 12px; width: 100%; }
.bao-trend__table th, .bao-trend__table td { padding: 2px 6px; border-bottom: 1px solid #eee8f5; text-align: right; white-space: nowrap; }
.bao-trend__table th:first-child, .bao-trend__table td:first-child { text-align: left; }
.bao-trend__table thead th { position: sticky; top: 0; background: #f1ecf8; }
.bao-trend__current td { background: #ece3f7; font-weight: 600; }
.bao-trend__note { color: #57606a; font-size: 12px; margin: 4px 0; }
`;
