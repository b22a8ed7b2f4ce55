import type {PaneId} from './keymap.js';

export type Rect = {width: number; height: number};
export type Layout = {
	kind: 'stacked' | 'wide';
	panes: Record<PaneId, Rect>;
	/** Height of the area overlays may use. */
	body: Rect;
};

export const MIN_COLS = 40;
export const MIN_ROWS = 12;

/**
 * Split the screen between header (1 row), the three panes and the footer (1 row).
 * - stacked (narrow, e.g. 80×24): panes on top of each other; the focused pane gets the
 *   room, the others keep their border and two lines.
 * - wide (≥ 140 columns and ≥ 30 rows): Nodes on the left at full height, Task log and
 *   Config on the right.
 */
export function computeLayout(cols: number, rows: number, focus: PaneId): Layout {
	const width = Math.max(MIN_COLS, cols);
	const bodyH = Math.max(MIN_ROWS, rows) - 2;
	if (width >= 140 && rows >= 30) {
		const left = Math.floor(width * 0.5);
		const right = width - left;
		const small = Math.max(6, Math.floor(bodyH * 0.35));
		const logH = focus === 'config' ? small : bodyH - small;
		return {
			kind: 'wide',
			body: {width, height: bodyH},
			panes: {
				nodes: {width: left, height: bodyH},
				log: {width: right, height: logH},
				config: {width: right, height: bodyH - logH},
			},
		};
	}
	const collapsed = Math.max(4, Math.floor(bodyH * (rows >= 40 ? 0.25 : 0.18)));
	const focused = bodyH - 2 * collapsed;
	const h = (p: PaneId) => (p === focus ? focused : collapsed);
	return {
		kind: 'stacked',
		body: {width, height: bodyH},
		panes: {nodes: {width, height: h('nodes')}, log: {width, height: h('log')}, config: {width, height: h('config')}},
	};
}
