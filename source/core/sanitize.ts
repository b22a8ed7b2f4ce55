/**
 * Remote text is hostile. `sanitize` removes every terminal escape and control sequence
 * so that nothing a gateway sends can move the cursor, clear the screen, retitle the
 * window, touch the clipboard (OSC 52) or ring the bell.
 *
 * Removed: 7-bit and 8-bit CSI, OSC, DCS, SOS, PM, APC strings (terminated by BEL or ST or
 * not at all), two-byte ESC sequences, all other C0 controls (except newline, and tab which
 * becomes spaces), DEL, all C1 controls, and Unicode bidi overrides / isolates that can
 * reorder what a person reads.
 */

// String-type sequences: ESC ] / ESC P / ESC X / ESC ^ / ESC _ and their C1 forms, up to BEL or ST (ESC \ or 0x9C), or to the end.
const STRING_SEQ = /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)/g;
// CSI: ESC [ or 0x9B, parameter bytes, intermediate bytes, one final byte.
const CSI_SEQ = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?/g;
// Any other escape: ESC, optional intermediates, one final byte (or a lone trailing ESC).
const ESC_SEQ = /\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g;
// Remaining C0 controls except \n and \t, DEL, C1.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidi embedding/override/isolate controls.
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function sanitize(text: string): string {
	if (!text) return '';
	return text
		.replace(/\r\n?/g, '\n')
		.replace(STRING_SEQ, '')
		.replace(CSI_SEQ, '')
		.replace(ESC_SEQ, '')
		.replace(CONTROLS, '')
		.replace(BIDI, '')
		.replace(/\t/g, '    ');
}

/** Sanitise and fold to one line (for table cells and log prefixes). */
export function sanitizeLine(text: string): string {
	return sanitize(text).replace(/\n+/g, ' ');
}
