/**
 * Terminal input → keys, in order. Over SSH/mosh, from a fast typist or a password manager,
 * one read can hold many keys ("abc\t", "2j", ":help\r", "\u001bx"); Ink 6.8 hands such a
 * read over as one string. This pure tokenizer splits every read into key events before
 * the key router sees them: text runs into characters, control characters, escape
 * sequences (CSI, SS3, legacy and kitty keyboard protocol `CSI … u`), Esc-prefixed keys
 * (Meta), and pastes — bracketed (`ESC[200~ … ESC[201~`, possibly spanning reads) and, for
 * terminals that ignore bracketed paste, a read that looks like pasted text (see
 * looksPasted). The splitting follows Ink 7's input-parser (which Node 20 cannot run).
 *
 * Key names are the ones core/keymap.ts uses: 'a', 'A', 'return', 'escape', 'tab',
 * 'shift+tab', 'backspace', 'delete', 'up', 'pageup', 'home', 'ctrl+c', 'meta+x',
 * 'meta+return', 'ctrl+up', 'f1' …
 */
export type KeyEvent = {
	key: string;
	/** The printable text this key types ('' for named keys). */
	text: string;
	/** For Esc-prefixed keys (meta+…): the key without Meta, so the router can fall back to Esc, then that key. */
	base?: KeyEvent;
};
export type PasteEvent = {paste: string; bracketed: boolean};
export type InputEvent = KeyEvent | PasteEvent;

export const isPaste = (e: InputEvent): e is PasteEvent => 'paste' in e;

const ESC = '\u001b';
const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';
/** A pasted text longer than this ends the paste (memory bound); the rest is dropped. */
export const MAX_PASTE = 1 << 20;

const CONTROL: Record<string, string> = {'\r': 'return', '\n': 'ctrl+j', '\t': 'tab', '\u007f': 'backspace', '\b': 'backspace', [ESC]: 'escape', '\u0000': 'ctrl+space'};

/** A single character (code point) as a key. */
function charKey(ch: string): KeyEvent {
	const named = CONTROL[ch];
	if (named) return {key: named, text: ''};
	const c = ch.codePointAt(0)!;
	if (c >= 1 && c <= 26) return {key: `ctrl+${String.fromCharCode(c + 96)}`, text: ''};
	if (c >= 28 && c <= 31) return {key: `ctrl+${String.fromCharCode(c + 64)}`, text: ''};
	if (c >= 0x80 && c <= 0x9f) return {key: 'unknown', text: ''};
	return {key: ch, text: ch};
}

const withMods = (name: string, mods: number): string => {
	const m = Math.max(0, mods - 1);
	if (m === 1 && name.length === 1) return name.toUpperCase() === name.toLowerCase() ? name : name.toUpperCase();
	return `${m & 4 ? 'ctrl+' : ''}${m & 2 ? 'meta+' : ''}${m & 1 ? 'shift+' : ''}${name}`;
};

const CSI_LETTER: Record<string, string> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', E: 'clear', P: 'f1', Q: 'f2', R: 'f3', S: 'f4'};
const CSI_TILDE: Record<string, string> = {'1': 'home', '2': 'insert', '3': 'delete', '4': 'end', '5': 'pageup', '6': 'pagedown', '7': 'home', '8': 'end', '11': 'f1', '12': 'f2', '13': 'f3', '14': 'f4', '15': 'f5', '17': 'f6', '18': 'f7', '19': 'f8', '20': 'f9', '21': 'f10', '23': 'f11', '24': 'f12'};
/** Kitty keyboard protocol code points of functional keys that have a legacy name. */
const KITTY_CODE: Record<number, string> = {13: 'return', 9: 'tab', 27: 'escape', 127: 'backspace', 8: 'backspace', 57414: 'return'};

/** Name a complete CSI sequence (`ESC [` params final). */
function csiKey(seq: string): KeyEvent {
	const body = seq.slice(2, -1);
	const final = seq.at(-1)!;
	const params = body.split(';');
	if (final === 'u') {
		// kitty: CSI code[:shifted[:base]] ; mods[:event] ; text u
		const [codes = '', modsEv = '1', textCps] = params;
		const [code, shifted] = codes.split(':').map(Number);
		const [mods = 1, event = 1] = modsEv.split(':').map(Number);
		if (event === 3) return {key: 'release', text: ''};
		const text = textCps
			? String.fromCodePoint(
					...textCps
						.split(':')
						.map(Number)
						.filter(n => n > 0),
				)
			: '';
		const m = Math.max(0, (mods || 1) - 1);
		if (code === undefined || Number.isNaN(code)) return {key: 'unknown', text: ''};
		const named = KITTY_CODE[code];
		if (named) return {key: withMods(named, mods || 1), text: ''};
		if (code >= 57344 && code <= 63743) return {key: 'unknown', text: ''}; // kitty private-use functional keys
		const ch = String.fromCodePoint(code);
		if (m & ~1) return {key: withMods(ch, mods || 1), text: ''};
		const typed = text || (m & 1 ? (shifted ? String.fromCodePoint(shifted) : ch.toUpperCase()) : ch);
		return {key: typed, text: typed};
	}
	if (final === 'Z') return {key: 'shift+tab', text: ''};
	// modifiers (and, with the kitty protocol, the event type: 3 = release) in the second parameter
	const [mods = 1, event = 1] = (params[1] ?? '1').split(':').map(Number);
	if (event === 3) return {key: 'release', text: ''};
	if (final === '~') {
		const name = CSI_TILDE[params[0] ?? ''];
		return {key: name ? withMods(name, mods) : 'unknown', text: ''};
	}
	const name = CSI_LETTER[final];
	if (name && /^\d*(;\d+(:\d+)?)?$/.test(body)) return {key: withMods(name, mods), text: ''};
	return {key: 'unknown', text: ''};
}

const isFinal = (c: number) => c >= 0x40 && c <= 0x7e;
const isParamOrIntermediate = (c: number) => c >= 0x20 && c <= 0x3f;

type Seq = {event: KeyEvent | 'pasteStart'; end: number} | 'pending';

/** The escape sequence starting at `i` (input[i] === ESC): its event and where it ends, or 'pending' when cut off. */
function escapeSequence(input: string, i: number): Seq {
	const next = input[i + 1];
	if (next === undefined) return 'pending';
	if (next === '[') {
		let j = i + 2;
		if (input[j] === '[') {
			// legacy linux console function keys: ESC [ [ A
			return j + 1 < input.length ? {event: {key: 'unknown', text: ''}, end: j + 2} : 'pending';
		}
		for (; j < input.length; j++) {
			const c = input.charCodeAt(j);
			if (isParamOrIntermediate(c)) continue;
			if (isFinal(c)) {
				const seq = input.slice(i, j + 1);
				if (seq === PASTE_START) return {event: 'pasteStart', end: j + 1};
				if (seq === PASTE_END) return {event: {key: 'unknown', text: ''}, end: j + 1};
				return {event: csiKey(seq), end: j + 1};
			}
			return {event: {key: 'unknown', text: ''}, end: j};
		}
		return 'pending';
	}
	if (next === 'O') {
		const f = input[i + 2];
		if (f === undefined) return 'pending';
		const name = CSI_LETTER[f];
		return {event: {key: name ?? 'unknown', text: ''}, end: i + 3};
	}
	if (next === ESC) {
		// ESC ESC [ A: Meta + a sequence (some terminals' Alt+arrow); ESC ESC alone: Meta+Escape
		if (input[i + 2] === '[' || input[i + 2] === 'O') {
			const inner = escapeSequence(input, i + 1);
			if (inner === 'pending') return 'pending';
			if (inner.event === 'pasteStart') return {event: {key: 'escape', text: ''}, end: i + 1};
			return {event: meta(inner.event), end: inner.end};
		}
		if (i + 2 >= input.length) return 'pending';
		return {event: meta({key: 'escape', text: ''}), end: i + 2};
	}
	const cp = input.codePointAt(i + 1)!;
	const ch = String.fromCodePoint(cp);
	return {event: meta(charKey(ch)), end: i + 1 + ch.length};
}

function meta(base: KeyEvent): KeyEvent {
	const key = base.key.startsWith('meta+') ? base.key : `meta+${base.key}`;
	return {key, text: '', base};
}

/**
 * A read without escape sequences that is most likely pasted (terminal without bracketed
 * paste): a line break followed by more text, or a long text ending in a line break.
 * A fast typist's or a password manager's burst (":help\r", "secret\r") stays keys.
 */
export function looksPasted(read: string): boolean {
	if (read.includes(ESC)) return false;
	const nl = read.search(/[\r\n]/);
	if (nl < 0) return false;
	if (/[\r\n][^\r\n]/.test(read)) return true;
	return nl >= 64;
}

/**
 * A stateful reader: push() each read, get its events in order. An escape sequence cut at
 * the end of a read is kept until the next read (or flush()); a bracketed paste spans reads
 * until its end marker.
 */
export function createKeyReader() {
	let pending = '';
	let paste: string | undefined;

	const parse = (input: string, out: InputEvent[]): string => {
		let i = 0;
		while (i < input.length) {
			if (paste !== undefined) {
				const end = input.indexOf(PASTE_END, i);
				if (end < 0) {
					// keep a possibly cut end marker for the next read
					let keep = 0;
					for (let k = Math.min(PASTE_END.length - 1, input.length - i); k > 0; k--)
						if (PASTE_END.startsWith(input.slice(input.length - k))) {
							keep = k;
							break;
						}
					paste = (paste + input.slice(i, input.length - keep)).slice(0, MAX_PASTE);
					return input.slice(input.length - keep);
				}
				out.push({paste: (paste + input.slice(i, end)).slice(0, MAX_PASTE), bracketed: true});
				paste = undefined;
				i = end + PASTE_END.length;
				continue;
			}
			const c = input[i]!;
			if (c === ESC) {
				const s = escapeSequence(input, i);
				if (s === 'pending') return input.slice(i);
				if (s.event === 'pasteStart') paste = '';
				else if (s.event.key !== 'release') out.push(s.event);
				i = s.end;
				continue;
			}
			const ch = String.fromCodePoint(input.codePointAt(i)!);
			// "\r\n" from a terminal is one Enter
			if (ch === '\r' && input[i + 1] === '\n') i++;
			out.push(charKey(ch));
			i += ch.length;
		}
		return '';
	};

	return {
		push(read: string): InputEvent[] {
			const out: InputEvent[] = [];
			if (!pending && paste === undefined && looksPasted(read)) {
				out.push({paste: read.slice(0, MAX_PASTE), bracketed: false});
				return out;
			}
			pending = parse(pending + read, out);
			return out;
		},
		/** Whether a cut-off escape sequence waits for more input. */
		hasPending: () => pending !== '',
		/** No more input came in time: a held Esc (or cut sequence) is taken as typed. */
		flush(): InputEvent[] {
			const out: InputEvent[] = [];
			if (paste !== undefined) return out;
			let p = pending;
			pending = '';
			while (p) {
				out.push({key: 'escape', text: ''});
				p = parse(p.slice(1), out);
			}
			return out;
		},
		/** Inside a bracketed paste that has not ended yet. */
		inPaste: () => paste !== undefined,
	};
}

export type KeyReader = ReturnType<typeof createKeyReader>;

/** Lines in a pasted text (a trailing line break does not start another line). */
export const pastedLines = (text: string): number => text.replace(/(\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/).length;
