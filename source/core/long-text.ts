import stringWidth from 'string-width';
import {simpleWidth} from './cell-width.js';

/**
 * Wrapping for long remote text (a task's whole answer, a log line): linear in the text and
 * done once per (text, width), not per render. Printable ASCII runs are cut by length without
 * segmenting; text in cell-width.ts's simple ranges is one grapheme per code point; only other
 * text is segmented into graphemes (ICU) and measured by string-width.
 */
// made on first use: the first Intl.Segmenter of a process loads ICU's break data (≈ 12 ms)
let segmenter: Intl.Segmenter | undefined;
const ASCII = /^[\u0020-\u007e]*$/;

// Widths of graphemes seen before (string-width is exact but slow per call; text repeats its characters).
const known = new Map<string, number>();
function cells(g: string): number {
	const simple = simpleWidth(g);
	if (simple !== undefined) return simple;
	let w = known.get(g);
	if (w === undefined) {
		w = stringWidth(g);
		if (known.size > 20_000) known.clear();
		known.set(g, w);
	}
	return w;
}

function wrapPara(para: string, max: number, out: string[]): void {
	if (ASCII.test(para)) {
		if (para.length === 0) out.push('');
		for (let i = 0; i < para.length; i += max) out.push(para.slice(i, i + max));
		return;
	}
	let line = '';
	let used = 0;
	for (const g of simpleWidth(para) !== undefined ? para : graphemes(para)) {
		const w = cells(g);
		if (used + w > max && used > 0) {
			out.push(line);
			line = '';
			used = 0;
		}
		line += g;
		used += w;
	}
	out.push(line);
}

/**
 * Graphemes of a long string, segmented in windows: ICU's segmenter over one huge string costs
 * far more than linear (200 000 characters: minutes). Each window's last grapheme may be cut, so
 * the next window starts at it.
 */
function* graphemes(s: string): Generator<string> {
	const WINDOW = 1024;
	let at = 0;
	while (at < s.length) {
		const end = Math.min(s.length, at + WINDOW);
		const segs = Array.from((segmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'})).segment(s.slice(at, end)), x => x.segment);
		const keep = end < s.length && segs.length > 1 ? segs.length - 1 : segs.length;
		for (let i = 0; i < keep; i++) yield segs[i]!;
		at += segs.slice(0, keep).reduce((n, g) => n + g.length, 0);
	}
}

/** Hard-wrap into lines of at most `max` cells (wide characters count two), honouring newlines. */
export function wrapLong(text: string, max: number): string[] {
	const out: string[] = [];
	if (max <= 0) return out;
	for (const para of text.split('\n')) wrapPara(para, max, out);
	return out;
}

// The last few results: a task view re-renders on every key and every streamed event.
const cache: {text: string; max: number; lines: string[]}[] = [];
const CACHE = 4;

/** `wrapLong`, remembered for the last few (text, width) pairs. */
export function wrapCached(text: string, max: number): string[] {
	const hit = cache.find(c => c.max === max && c.text === text);
	if (hit) return hit.lines;
	const lines = wrapLong(text, max);
	cache.unshift({text, max, lines});
	if (cache.length > CACHE) cache.pop();
	return lines;
}
