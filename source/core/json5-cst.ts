/**
 * A single-pass JSON5 parser that also records where things are: for the objects a caller
 * asks for (by path), each member's key and value offsets, so edits can splice the text by
 * offset instead of rebuilding it. Linear in the text; values outside the recorded paths can
 * be skipped without being built. Duplicate keys: the last one wins (as JSON5 and OpenClaw).
 * Pure.
 */

export type Member = {key: string; keyStart: number; keyEnd: number; keyQuote: '"' | "'" | ''; valueStart: number; valueEnd: number; comma?: number; value: Node};
export type ObjectNode = {kind: 'object'; start: number; end: number; members: Member[]};
export type Node = ObjectNode | {kind: 'array' | 'string' | 'number' | 'literal'; start: number; end: number; quote?: '"' | "'"};

export class Json5Error extends Error {
	constructor(
		message: string,
		readonly offset: number,
		readonly line: number,
		readonly column: number,
	) {
		super(message);
	}
}

export type ParseOptions = {
	/** Build JavaScript values (default true). Off: only validate and record offsets. */
	values?: boolean;
	/** Record member offsets for the object at this path (default: every object). */
	record?: (path: readonly string[]) => boolean;
	/** Build values only for these top-level keys (the rest is validated, not built, and left out). */
	rootKeys?: ReadonlySet<string>;
};

const WS = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/y;
const NUM = /[+-]?(?:0[xX][0-9a-fA-F]+|Infinity|NaN|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;
const IDENT = /(?:[$_\p{ID_Start}]|\\u[0-9a-fA-F]{4})(?:[$\u200c\u200d\p{ID_Continue}]|\\u[0-9a-fA-F]{4})*/uy;
const PLAIN_DQ = /"[^"\\\n\r\u2028\u2029]*"/y;
const PLAIN_SQ = /'[^'\\\n\r\u2028\u2029]*'/y;

export function lineCol(text: string, offset: number): {line: number; column: number} {
	let line = 1;
	let last = -1;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
		line++;
		last = i;
	}
	return {line, column: offset - last};
}

const ESC: Record<string, string> = {b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0'};

export function parseJson5Cst(text: string, opts: ParseOptions = {}): {value: unknown; root: Node} {
	const buildValues = opts.values !== false;
	const rootKeys = opts.rootKeys;
	const record = opts.record ?? (() => true);
	let i = 0;
	const n = text.length;
	const fail = (msg: string, at = i): never => {
		const {line, column} = lineCol(text, at);
		throw new Json5Error(`${msg} at ${line}:${column}`, at, line, column);
	};
	const skip = () => {
		for (;;) {
			WS.lastIndex = i;
			if (WS.test(text)) i = WS.lastIndex;
			if (text.charCodeAt(i) !== 47 /* / */) return;
			const c = text.charCodeAt(i + 1);
			if (c === 47) {
				let e = i + 2;
				while (e < n) {
					const ch = text.charCodeAt(e);
					if (ch === 10 || ch === 13 || ch === 0x2028 || ch === 0x2029) break;
					e++;
				}
				i = e;
			} else if (c === 42) {
				const e = text.indexOf('*/', i + 2);
				if (e === -1) fail('unterminated comment');
				i = e + 2;
			} else return;
		}
	};
	const unexpected = (): never => (i >= n ? fail('unexpected end of input') : fail(`invalid character '${text[i]}'`));
	const readString = (build = buildValues): string => {
		const q = text.charCodeAt(i);
		const re = q === 34 ? PLAIN_DQ : PLAIN_SQ;
		re.lastIndex = i;
		if (re.test(text)) {
			const s = build ? text.slice(i + 1, re.lastIndex - 1) : '';
			i = re.lastIndex;
			return s;
		}
		const start = i;
		i++;
		let out = '';
		let from = i;
		for (;;) {
			if (i >= n) fail('unterminated string', start);
			const c = text.charCodeAt(i);
			if (c === q) break;
			if (c === 10 || c === 13) fail('invalid line break in string');
			if (c === 92) {
				if (build) out += text.slice(from, i);
				const e = text[i + 1];
				if (e === undefined) fail('unterminated string', start);
				if (e === 'x' || e === 'u') {
					const len = e === 'x' ? 2 : 4;
					const hex = text.slice(i + 2, i + 2 + len);
					if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) fail('invalid escape');
					if (build) out += String.fromCharCode(parseInt(hex, 16));
					i += 2 + len;
				} else if (e === '\r') {
					i += text[i + 2] === '\n' ? 3 : 2;
				} else if (e === '\n' || e === '\u2028' || e === '\u2029') {
					i += 2;
				} else {
					if (/[1-9]/.test(e!)) fail('invalid escape');
					if (build) out += ESC[e!] ?? e;
					i += 2;
				}
				from = i;
				continue;
			}
			i++;
		}
		if (build) out += text.slice(from, i);
		i++;
		return out;
	};
	const readKey = (): {key: string; quote: Member['keyQuote']} => {
		const c = text.charCodeAt(i);
		if (c === 34 || c === 39) return {key: readString(true), quote: c === 34 ? '"' : "'"};
		IDENT.lastIndex = i;
		if (!IDENT.test(text)) unexpected();
		const raw = text.slice(i, IDENT.lastIndex);
		i = IDENT.lastIndex;
		return {key: raw.includes('\\') ? raw.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw, quote: ''};
	};
	// Iterative over containers would be safer for hostile nesting; a depth cap keeps recursion bounded.
	const MAX_DEPTH = 2000;
	const parseValue = (path: string[] | undefined, depth: number, build: boolean): {value: unknown; node: Node} => {
		if (depth > MAX_DEPTH) fail('nested too deeply');
		const start = i;
		const c = text.charCodeAt(i);
		if (c === 123 /* { */) {
			i++;
			const rec = path !== undefined && record(path);
			const members: Member[] = [];
			const obj: Record<string, unknown> | undefined = build ? {} : undefined;
			skip();
			while (text.charCodeAt(i) !== 125) {
				const keyStart = i;
				const {key, quote} = readKey();
				const keyEnd = i;
				skip();
				if (text.charCodeAt(i) !== 58) unexpected();
				i++;
				skip();
				const valueStart = i;
				const keep = !(depth === 0 && rootKeys && !rootKeys.has(key));
				const v = parseValue(rec ? [...path!, key] : undefined, depth + 1, build && keep);
				const valueEnd = i;
				if (obj && keep) {
					if (key === '__proto__') Object.defineProperty(obj, key, {value: v.value, enumerable: true, writable: true, configurable: true});
					else obj[key] = v.value;
				}
				skip();
				let comma: number | undefined;
				if (text.charCodeAt(i) === 44) {
					comma = i;
					i++;
					skip();
				} else if (text.charCodeAt(i) !== 125) unexpected();
				if (rec) members.push({key, keyStart, keyEnd, keyQuote: quote, valueStart, valueEnd, comma, value: v.node});
			}
			i++;
			return {value: obj, node: {kind: 'object', start, end: i, members}};
		}
		if (c === 91 /* [ */) {
			i++;
			const arr: unknown[] | undefined = build ? [] : undefined;
			skip();
			while (text.charCodeAt(i) !== 93) {
				const v = parseValue(undefined, depth + 1, build);
				arr?.push(v.value);
				skip();
				if (text.charCodeAt(i) === 44) {
					i++;
					skip();
				} else if (text.charCodeAt(i) !== 93) unexpected();
			}
			i++;
			return {value: arr, node: {kind: 'array', start, end: i}};
		}
		if (c === 34 || c === 39) {
			const s = readString(build);
			return {value: s, node: {kind: 'string', start, end: i, quote: c === 34 ? '"' : "'"}};
		}
		NUM.lastIndex = i;
		if (NUM.test(text)) {
			const raw = text.slice(i, NUM.lastIndex);
			i = NUM.lastIndex;
			let v = 0;
			if (build) {
				const sign = raw[0] === '-' ? -1 : 1;
				const body = raw[0] === '-' || raw[0] === '+' ? raw.slice(1) : raw;
				v = body === 'Infinity' ? sign * Infinity : body === 'NaN' ? NaN : /^0[xX]/.test(body) ? sign * parseInt(body, 16) : sign * Number(body);
			}
			return {value: v, node: {kind: 'number', start, end: i}};
		}
		for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
			if (text.startsWith(word, i)) {
				i += word.length;
				return {value: v, node: {kind: 'literal', start, end: i}};
			}
		}
		return unexpected();
	};
	skip();
	const r = parseValue([], 0, buildValues);
	skip();
	if (i < n) unexpected();
	return {value: r.value, root: r.node};
}

/** The object member JSON5 uses for `key` (the last one). */
export function lastMember(o: ObjectNode, key: string): Member | undefined {
	for (let k = o.members.length - 1; k >= 0; k--) if (o.members[k]!.key === key) return o.members[k];
	return undefined;
}
