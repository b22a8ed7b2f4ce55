/**
 * Remote text is hostile. `sanitize` removes every terminal escape and control sequence
 * so that nothing a gateway sends can move the cursor, clear the screen, retitle the
 * window, touch the clipboard (OSC 52), plant a link (OSC 8) or ring the bell.
 *
 * Removed: 7-bit and 8-bit CSI, OSC, DCS, SOS, PM, APC strings (terminated by BEL or ST or
 * not at all), two-byte ESC sequences, all other C0 controls (except newline, and tab which
 * becomes spaces), DEL, all C1 controls, Unicode bidi overrides / isolates / marks that can
 * reorder what a person reads, other invisible formatting characters, and lone surrogates.
 *
 * `Clean` is a type-level brand: a string that went through here. net/ hands only `Clean`
 * strings to the rest of the program, and the types of remote values say so.
 */
declare const clean: unique symbol;
export type Clean = string & {readonly [clean]: true};

// String-type sequences: ESC ] / ESC P / ESC X / ESC ^ / ESC _ and their C1 forms, up to BEL or ST (ESC \ or 0x9C), or to the end.
const STRING_SEQ = /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)/g;
// CSI: ESC [ or 0x9B, parameter bytes, intermediate bytes, one final byte.
const CSI_SEQ = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?/g;
// Any other escape: ESC, optional intermediates, one final byte (or a lone trailing ESC).
const ESC_SEQ = /\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g;
// Remaining C0 controls except \n and \t, DEL, C1.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidi embedding/override/isolate controls and marks; invisible formatting (soft hyphen, zero-width
// space/non-joiner, word joiner and invisible operators, BOM, interlinear annotations, Mongolian vowel
// separator, tag characters). The zero-width joiner (U+200D) stays: emoji sequences need it.
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u00ad\u200b\u200c\u2060-\u2064\ufeff\ufff9-\ufffb\u180e]|\udb40[\udc00-\udc7f]/g;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Anything that needs work: a fast test lets clean text (nearly all of it) through untouched.
const SUSPECT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u00ad\u200b\u200c\u2060-\u2064\ufeff\ufff9-\ufffb\u180e\ud800-\udfff\t]/;

/** Remote strings are capped before anything else is done with them (a 1 MB name is not a name). */
export const MAX_TEXT = 1_000_000;
export const MAX_LINE = 4096;

export function sanitize(text: string, max = MAX_TEXT): Clean {
	if (!text) return '' as Clean;
	let t = text.length > max ? text.slice(0, max) : text;
	if (!SUSPECT.test(t)) return t as Clean;
	t = t
		.replace(/\r\n?/g, '\n')
		.replace(STRING_SEQ, '')
		.replace(CSI_SEQ, '')
		.replace(ESC_SEQ, '')
		.replace(CONTROLS, '')
		.replace(INVISIBLE, '')
		.replace(LONE_SURROGATE, '')
		.replace(/\t/g, '    ');
	return t as Clean;
}

/** Sanitise and fold to one line (for table cells, log prefixes, identifiers). */
export function sanitizeLine(text: string, max = MAX_LINE): Clean {
	const t = sanitize(text, max);
	return (t.includes('\n') ? t.replace(/\n+/g, ' ') : t) as Clean;
}

/** True when `text` is what `sanitize` would leave (used by tests and the fuzz run). */
export function isClean(text: string): boolean {
	return sanitize(text, Infinity) === text;
}
