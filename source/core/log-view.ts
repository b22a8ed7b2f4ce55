import type {LogEntry, LogRing, LogFilter} from './log-ring.js';
import {matches} from './log-ring.js';
import {width} from './width.js';
import {wrapLong} from './long-text.js';

export type Row = {text: string; kind: LogEntry['kind']; task: string; first: boolean};

const time = (ts: number) => new Date(ts).toTimeString().slice(0, 8);

// An entry is replaced (not changed) when its text changes, so its wrapped lines are kept per width.
const wraps = new WeakMap<LogEntry, {cols: number; lines: string[]}>();
function wrapped(e: LogEntry, cols: number): string[] {
	const w = wraps.get(e);
	if (w && w.cols === cols) return w.lines;
	const lines = wrapLong(e.text, cols);
	wraps.set(e, {cols, lines});
	return lines;
}

/**
 * The rows that fit in the pane: newest entries first, each wrapped to the width (wide
 * characters count two cells) behind a `hh:mm:ss node #task` prefix, `skip` rows scrolled
 * back from the bottom. Only the visible tail is wrapped, so a long log costs nothing.
 */
export function visibleRows(ring: LogRing, {cols, rows, skip, filter}: {cols: number; rows: number; skip: number; filter?: LogFilter}): {rows: Row[]; matched: number} {
	const out: Row[] = [];
	let matched = 0;
	let toSkip = skip;
	for (const e of ring.reverse()) {
		if (!matches(filter, e)) continue;
		matched++;
		const prefix = `${time(e.ts)} ${e.node} ${e.task} `;
		const indent = Math.min(width(prefix), Math.floor(cols / 2));
		const body = wrapped(e, Math.max(10, cols - indent));
		const lines = body.map((l, i) => ({text: (i === 0 ? prefix : ' '.repeat(indent)) + l, kind: e.kind, task: e.task, first: i === 0}));
		for (let i = lines.length - 1; i >= 0; i--) {
			if (toSkip > 0) {
				toSkip--;
				continue;
			}
			out.push(lines[i]!);
			if (out.length >= rows) return {rows: out.reverse(), matched};
		}
	}
	return {rows: out.reverse(), matched};
}
