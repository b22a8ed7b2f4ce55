import {isSimpleCodePoint} from './cell-width.js';

/**
 * A grapheme segmenter for the terminal text Ink draws, standing in for `new Intl.Segmenter(
 * undefined, {granularity: 'grapheme'})` in Ink's ANSI tokenizers (@alcalzone/ansi-tokenize,
 * slice-ansi — the build swaps it in, scripts/build.mjs). Building an Intl.Segmenter loads ICU's
 * break rules: ≈ 14 ms, and both libraries did it when they were loaded, before the first frame.
 *
 * Text in which every code point is its own grapheme — controls other than CR (ESC of the colour
 * codes included) and core/cell-width.ts's simple ranges (ASCII, Latin, punctuation, box drawing,
 * shapes, CJK, Hangul syllables, single emoji: no marks, joiners, variation selectors, modifiers,
 * regional indicators or jamo) — is segmented here, one segment per code point, exactly as
 * Intl.Segmenter would (test/core-graphemes.test.ts compares them); anything else goes to a
 * real Intl.Segmenter, made on that first use.
 */
export type Segment = {segment: string; index: number; input: string};
export type Segments = Iterable<Segment> & {containing(index?: number): Segment | undefined};

let real: Intl.Segmenter | undefined;
const intl = (): Intl.Segmenter => (real ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'}));

/** Whether every code point of `s` is a grapheme by itself (so no Intl.Segmenter is needed). */
export function codePointsAreGraphemes(s: string): boolean {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c <= 0x7e) {
			if (c === 0x0d) return false; // CR LF is one grapheme
			continue;
		}
		const cp = s.codePointAt(i)!;
		if (cp > 0xffff) i++;
		if (!isSimpleCodePoint(cp)) return false;
	}
	return true;
}

function simpleSegments(input: string): Segments {
	const at = (index: number): Segment => {
		const cp = input.codePointAt(index)!;
		return {segment: cp > 0xffff ? input.slice(index, index + 2) : input[index]!, index, input};
	};
	return {
		*[Symbol.iterator]() {
			for (let i = 0; i < input.length; i++) {
				const s = at(i);
				if (s.segment.length === 2) i++;
				yield s;
			}
		},
		containing(index = 0) {
			if (!(index >= 0 && index < input.length)) return undefined;
			const i = Math.floor(index);
			const c = input.charCodeAt(i);
			// the second half of a surrogate pair belongs to the segment that starts one before it
			if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
				const p = input.charCodeAt(i - 1);
				if (p >= 0xd800 && p <= 0xdbff) return at(i - 1);
			}
			return at(i);
		},
	};
}

/** What the libraries call: `.segment(text)`, as on an Intl.Segmenter. */
export function graphemeSegmenter(): {segment(input: string): Segments} {
	return {segment: input => (codePointsAreGraphemes(input) ? simpleSegments(input) : (intl().segment(input) as unknown as Segments))};
}
