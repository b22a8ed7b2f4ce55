import {eastAsianWidth} from 'get-east-asian-width';

/**
 * Display width without string-width, for the text a console draws almost all the time:
 * ASCII, Latin, Greek, Cyrillic, punctuation, arrows, box drawing, geometric shapes and
 * dingbats (● ◌ ✖ › … ═), CJK and Hangul syllables, fullwidth forms, and single-code-point
 * emoji. In these ranges no code point joins another into one grapheme cluster (no marks,
 * joiners, variation selectors, modifiers, regional indicators, jamo or controls), so the
 * width is the sum of each code point's East Asian Width — exactly what string-width answers
 * (test/core-cell-width.test.ts checks every code point of these ranges, and random strings).
 *
 * Why: string-width builds an Intl.Segmenter and Unicode-property regexes when it loads, and
 * its first non-ASCII answer compiles the RGI_Emoji set: ≈ 60 ms of every start-up that draws
 * a glyph. Text outside these ranges (returned undefined here) still goes to string-width.
 */
const SIMPLE: readonly (readonly [number, number])[] = [
	[0x20, 0x7e],
	[0xa0, 0xac], // not U+00AD SOFT HYPHEN (a format character, zero width)
	[0xae, 0x2ff],
	[0x370, 0x482], // Greek and Coptic, Cyrillic (not U+0483–0489, combining)
	[0x48a, 0x52f],
	[0x1e00, 0x1fff], // Latin Extended Additional, Greek Extended
	[0x2010, 0x2027], // general punctuation, not the zero-width and bidi controls
	[0x2030, 0x205e],
	[0x2070, 0x20cf], // super/subscripts, currency (not U+20D0–20FF, combining)
	[0x2100, 0x2bff], // letterlike … arrows, math, technical, box drawing, shapes, symbols, dingbats
	[0x2e80, 0x3029], // CJK radicals, ideographic description, CJK symbols (not U+302A–302F, tone marks)
	[0x3030, 0x3098], // … hiragana (not U+3099–309A, combining voiced marks)
	[0x309b, 0x3163], // katakana, bopomofo, Hangul compatibility jamo (not U+3164 HANGUL FILLER)
	[0x3165, 0x4dbf],
	[0x4e00, 0x9fff],
	[0xa000, 0xa4cf], // Yi
	[0xac00, 0xd7a3], // Hangul syllables (precomposed)
	[0xf900, 0xfaff],
	[0xff01, 0xff9d], // fullwidth and halfwidth forms (not U+FF9E–FF9F, which extend a cluster, nor U+FFA0)
	[0xffa1, 0xffdc],
	[0xffe0, 0xffee],
	[0x1f000, 0x1f1e5], // mahjong, dominoes, cards, enclosed alphanumerics (not regional indicators)
	[0x1f200, 0x1f3fa], // enclosed ideographs, pictographs (not the skin-tone modifiers U+1F3FB–1F3FF)
	[0x1f400, 0x1faff],
	[0x20000, 0x3fffd], // CJK extensions
];

/** Whether code point `cp` is in the ranges above (a grapheme by itself, width from East Asian Width). */
export const isSimpleCodePoint = (cp: number): boolean => {
	let lo = 0;
	let hi = SIMPLE.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const [a, b] = SIMPLE[mid]!;
		if (cp < a) hi = mid - 1;
		else if (cp > b) lo = mid + 1;
		else return true;
	}
	return false;
};

/** The ranges above, for the test that compares them with string-width. */
export const SIMPLE_RANGES = SIMPLE;

/** Cells `s` takes on a terminal, or undefined when it holds anything outside the simple ranges. */
export function simpleWidth(s: string): number | undefined {
	let w = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c >= 0x20 && c <= 0x7e) {
			w++;
			continue;
		}
		const cp = s.codePointAt(i)!;
		if (cp > 0xffff) i++;
		if (!isSimpleCodePoint(cp)) return undefined;
		w += eastAsianWidth(cp);
	}
	return w;
}
