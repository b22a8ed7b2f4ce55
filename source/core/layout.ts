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
export function computeLayout(cols: number, rows: number, focus: PaneId, {nodes = 0}: {nodes?: number} = {}): Layout {
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
	// Nodes need a border, a header and a row per node (empty: four lines of help); the
	// Config pane needs ~16 rows when focused; the Task log takes whatever is left.
	const min = 4;
	const nodesWant = nodes === 0 ? 6 : nodes + 3;
	const config = focus === 'config' ? Math.max(min, Math.min(16, bodyH - 2 * min)) : min;
	const nodesCap = focus === 'nodes' ? bodyH - config - min : Math.max(min, Math.floor(bodyH * (focus === 'config' ? 0.2 : 0.35)));
	const nodesH = Math.max(min, Math.min(nodesWant, nodesCap));
	const logH = bodyH - config - nodesH;
	return {
		kind: 'stacked',
		body: {width, height: bodyH},
		panes: {nodes: {width, height: nodesH}, log: {width, height: logH}, config: {width, height: config}},
	};
}
