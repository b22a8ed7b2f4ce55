import {width} from './width.js';

export type ColumnSpec = {
	key: string;
	title: string;
	/** Never narrower than this (cells). */
	min?: number;
	/** Never wider than this (cells). */
	max?: number;
	align?: 'left' | 'right';
	/** Dropped first when the table does not fit (higher drops earlier). */
	drop?: number;
};

/**
 * Column widths measured by display width (string-width), so CJK names line up.
 * Columns shrink towards `min` from the widest; if still too wide, columns with a `drop`
 * rank are removed. One space separates columns.
 */
export function layoutColumns(columns: readonly ColumnSpec[], rows: readonly Record<string, string>[], total: number): {spec: ColumnSpec; width: number}[] {
	let cols = columns.map(spec => {
		const natural = Math.max(width(spec.title), ...rows.map(r => width(r[spec.key] ?? '')));
		return {spec, width: Math.min(spec.max ?? Infinity, Math.max(spec.min ?? 1, natural))};
	});
	const used = () => cols.reduce((a, c) => a + c.width, 0) + Math.max(0, cols.length - 1);
	const droppable = () => cols.filter(c => c.spec.drop !== undefined).sort((a, b) => b.spec.drop! - a.spec.drop!);
	// Essential columns (no drop rank) keep their natural width while droppable ones can go.
	const essential = cols.filter(c => c.spec.drop === undefined).reduce((a, c) => a + c.width + 1, 0);
	while (droppable().length && essential + droppable().reduce((a, c) => a + (c.spec.min ?? 1) + 1, 0) - 1 > total) {
		const victim = droppable()[0]!;
		cols = cols.filter(c => c !== victim);
	}
	for (;;) {
		let over = used() - total;
		if (over <= 0) break;
		// shrink the widest shrinkable column one cell at a time
		const shrinkable = cols.filter(c => c.width > (c.spec.min ?? 1));
		const floor = cols.reduce((a, c) => a + (c.spec.min ?? 1), 0) + cols.length - 1;
		if (floor > total && droppable().length) {
			const victim = droppable()[0]!;
			cols = cols.filter(c => c !== victim);
			continue;
		}
		if (shrinkable.length === 0) break;
		while (over > 0) {
			const widest = cols.filter(c => c.width > (c.spec.min ?? 1)).sort((a, b) => b.width - a.width)[0];
			if (!widest) break;
			widest.width--;
			over--;
		}
	}
	return cols;
}
