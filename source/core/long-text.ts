import stringWidth from 'string-width';

/**
 * Wrapping for long remote text (a task's whole answer, a log line): linear in the text and
 * done once per (text, width), not per render. Printable ASCII runs are cut by length without
 * segmenting; other text is segmented into graphemes and measured, with a width-1 shortcut for
 * single code units below U+1100 that are not combining marks.
 */
const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const ASCII = /^[\u0020-\u007e]*$/;
const COMBINING = /[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0e31-\u0e3a\u0e47-\u0e4e]/;

// Widths of graphemes seen before (string-width is exact but slow per call; text repeats its characters).
const known = new Map<string, number>();
function cells(g: string): number {
	if (g.length === 1) {
		const c = g.charCodeAt(0);
		if (c >= 0x20 && c < 0x1100 && !COMBINING.test(g)) return 1;
	}
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
	for (const g of graphemes(para)) {
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
		const segs = Array.from(segmenter.segment(s.slice(at, end)), x => x.segment);
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
