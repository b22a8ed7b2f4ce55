import fullWidth from 'string-width';
import {wrapLong} from './long-text.js';
import {simpleWidth} from './cell-width.js';

/**
 * ASCII, glyphs, CJK and single emoji are measured without string-width (core/cell-width.ts),
 * whose load and first call cost ≈ 60 ms of start-up; anything that can form a grapheme
 * cluster (marks, joiners, flags, skin tones) goes to string-width.
 */
const ASCII = /^[\x20-\x7e]*$/;
const stringWidth = (s: string): number => simpleWidth(s) ?? fullWidth(s);

export const width = (s: string): number => stringWidth(s);

// made on first use: the first Intl.Segmenter of a process loads ICU's break data (≈ 12 ms)
let segmenter: Intl.Segmenter | undefined;
/** Grapheme clusters; text in the simple ranges (cell-width.ts) is one cluster per code point. */
const graphemes = (s: string): string[] => (simpleWidth(s) !== undefined ? Array.from(s) : Array.from((segmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'})).segment(s), seg => seg.segment));

/** Cut `s` to at most `max` cells, ending with `…` when anything was cut. */
export function truncate(s: string, max: number): string {
	if (max <= 0) return '';
	if (stringWidth(s) <= max) return s;
	if (ASCII.test(s)) return s.slice(0, max - 1) + '…';
	let out = '';
	let used = 0;
	for (const g of graphemes(s)) {
		const w = stringWidth(g);
		if (used + w > max - 1) break;
		out += g;
		used += w;
	}
	return out + '…';
}

/** Pad (or truncate) to exactly `cells` display cells. */
export function fit(s: string, cells: number, align: 'left' | 'right' = 'left'): string {
	const t = truncate(s, cells);
	const pad = ' '.repeat(Math.max(0, cells - stringWidth(t)));
	return align === 'right' ? pad + t : t + pad;
}

/** Hard-wrap into lines of at most `max` cells (wide characters count two), honouring newlines: one wrapper for short and long text (`core/long-text.ts`). */
export const wrap = wrapLong;

/** Word-wrap prose to `max` cells (long words are cut hard). */
export function wrapWords(text: string, max: number): string[] {
	const out: string[] = [];
	for (const para of text.split('\n')) {
		let line = '';
		for (const word of para.split(/(?<=\s)/)) {
			if (stringWidth(line + word.trimEnd()) <= max) {
				line += word;
				continue;
			}
			if (line.trim()) out.push(line.trimEnd());
			line = '';
			if (stringWidth(word.trimEnd()) > max) {
				const parts = wrap(word.trimEnd(), max);
				out.push(...parts.slice(0, -1));
				line = parts.at(-1)! + ' ';
			} else line = word;
		}
		out.push(line.trimEnd());
	}
	return out;
}

/**
 * A labelled value that wraps instead of being cut: the label in the first `labelCells`
 * cells of the first line, the value word-wrapped beside it, continuation lines indented.
 * For the short texts that matter (next steps, pairing commands, errors, findings, help).
 */
export function wrapField(label: string, text: string, width: number, labelCells: number): string[] {
	const room = Math.max(1, width - labelCells);
	const pad = ' '.repeat(labelCells);
	return wrapWords(text, room).map((l, i) => (i === 0 ? fit(label, labelCells) : pad) + l);
}
