/**
 * Property test for the lossless JSON5 editor: random fix sets applied to generated openclaw.json
 * files in every layout people write (comments, trailing commas, bare / single / double quoted
 * keys and strings, minified, inline objects, CRLF, BOM, tabs, duplicate keys). Each result must
 * parse, equal the intended value, and be byte-identical outside the edited section.
 * Seeded and bounded in time.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import JSON5 from 'json5';
import {applyOps} from '../source/core/json5-edit.js';
import {lastMember, parseJson5Cst} from '../source/core/json5-cst.js';
import type {Op} from '../source/core/gateway-check.js';

type Obj = {[k: string]: Val};
type Val = string | number | boolean | null | Obj | Val[];

/** A tiny deterministic PRNG for layout choices (the value and op choices come from fast-check). */
function rng(seed: number) {
	let s = seed >>> 0 || 1;
	return (n: number) => {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		return (s >>> 0) % n;
	};
}

type Layout = {minified: boolean; eol: string; unit: string; bom: boolean; keyQ: 0 | 1 | 2; strQ: 0 | 1; trailing: boolean; comments: boolean; inlineNested: boolean; dupes: boolean};

function render(v: Val, L: Layout, r: (n: number) => number, indent: string, inline: boolean): string {
	const str = (s: string) => (L.strQ === 1 ? `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'` : JSON.stringify(s));
	if (typeof v === 'string') return str(v);
	if (v === null || typeof v !== 'object') return JSON.stringify(v);
	const one = L.minified || inline;
	if (Array.isArray(v)) return `[${v.map(x => render(x, L, r, indent, true)).join(one ? ',' : ', ')}]`;
	const key = (k: string) => (L.keyQ === 0 && /^[A-Za-z_$][\w$]*$/.test(k) ? k : L.keyQ === 2 ? `'${k}'` : JSON.stringify(k));
	const entries = Object.entries(v);
	const members: string[] = [];
	for (const [k, x] of entries) {
		// an earlier duplicate of the key: JSON5 keeps the last, so it has no effect
		if (L.dupes && r(5) === 0) members.push(`${key(k)}:${one ? '' : ' '}${render('decoy', L, r, indent, one)}\u0000`);
		const nestedInline = one || (L.inlineNested && typeof x === 'object' && r(2) === 0);
		const c = L.comments && !one && r(3) === 0 ? ` // note ${r(100)}` : '';
		const block = L.comments && r(4) === 0 ? '/* c */ ' : '';
		members.push(`${block}${key(k)}:${L.minified ? '' : ' '}${render(x, L, r, indent + L.unit, nestedInline)}\u0000${c}`);
	}
	if (entries.length === 0) return '{}';
	const trail = L.trailing ? ',' : '';
	if (one) return `{${members.map(m => m.replace(/\u0000.*$/, '')).join(L.minified ? ',' : ', ')}${trail}}`;
	const inner = indent + L.unit;
	const lines = members.map((m, k) => {
		const [body, comment] = m.split('\u0000');
		const comma = k < members.length - 1 || L.trailing ? ',' : '';
		return `${inner}${body}${comma}${comment ?? ""}`;
	});
	return `{${L.eol}${lines.join(L.eol)}${L.eol}${indent}}`;
}

const leafKey = fc.constantFrom('mode', 'bind', 'port', 'token', 'password', 'customBindHost', 'x-odd key', 'ünï', '__proto__');
const leaf: fc.Arbitrary<Val> = fc.oneof(fc.string({maxLength: 12}), fc.integer({min: -5, max: 70000}), fc.boolean(), fc.constant(null), fc.constantFrom("it's", 'say "hi"', 'a\\b', '${GW_BIND}', '0.0.0.0'));
const section: fc.Arbitrary<Obj> = fc.letrec(tie => ({
	obj: fc.dictionary(leafKey, fc.oneof({depthSize: 'small', maxDepth: 2}, leaf, leaf, tie('obj') as fc.Arbitrary<Val>, fc.array(leaf, {maxLength: 3})), {maxKeys: 5}),
})).obj as fc.Arbitrary<Obj>;
const layout: fc.Arbitrary<Layout> = fc.record({
	minified: fc.boolean(),
	eol: fc.constantFrom('\n', '\r\n'),
	unit: fc.constantFrom('  ', '    ', '\t'),
	bom: fc.boolean(),
	keyQ: fc.constantFrom(0, 1, 2) as fc.Arbitrary<0 | 1 | 2>,
	strQ: fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>,
	trailing: fc.boolean(),
	comments: fc.boolean(),
	inlineNested: fc.boolean(),
	dupes: fc.boolean(),
});
const pathArb = fc.array(fc.constantFrom('auth', 'tailscale', 'mode', 'bind', 'token', 'port', 'x-odd key', 'ünï'), {minLength: 1, maxLength: 3});
const opArb: fc.Arbitrary<Op> = fc.oneof(
	fc.record({path: pathArb, value: fc.oneof(leaf, fc.dictionary(leafKey, leaf, {maxKeys: 2}) as fc.Arbitrary<Val>)}),
	fc.record({path: pathArb, remove: fc.constant(true)}),
);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the ops mean on the value (the oracle). Undefined when an op cannot apply (a parent is not an object). */
function intended(gw: Record<string, unknown>, ops: readonly Op[]): Record<string, unknown> | undefined {
	const root = structuredClone(gw);
	for (const op of ops) {
		let node: Record<string, unknown> = root;
		const parents = op.path.slice(0, -1);
		let missing = false;
		for (const p of parents) {
			if (!Object.hasOwn(node, p)) {
				if (op.remove) {
					missing = true;
					break;
				}
				Object.defineProperty(node, p, {value: {}, enumerable: true, writable: true, configurable: true});
			}
			const next = node[p];
			if (!isObj(next)) return undefined;
			node = next;
		}
		if (missing) continue;
		const k = op.path.at(-1)!;
		if (op.remove) delete node[k];
		else Object.defineProperty(node, k, {value: structuredClone(op.value), enumerable: true, writable: true, configurable: true});
	}
	return root;
}

test('property: random fix sets on generated JSON5 files parse, mean what was intended, and change nothing outside the edit (seeded, ≤ 20 s)', () => {
	const deadline = Date.now() + 20_000;
	let runs = 0;
	fc.assert(
		fc.property(section, layout, fc.array(opArb, {minLength: 1, maxLength: 4}), fc.integer({min: 1, max: 2 ** 30}), fc.boolean(), (gw, L, ops, seed, gatewayFirst) => {
			if (Date.now() > deadline) return;
			try {
				check(gw, L, ops, seed, gatewayFirst);
			} catch (e) {
				if (process.env.H11_DEBUG) console.log(e);
				throw e;
			}
		}),
		{seed: 20261126, numRuns: 3000},
	);
	function check(gw: Obj, L: Layout, ops: Op[], seed: number, gatewayFirst: boolean) {
			runs++;
			const r = rng(seed);
			const other: Obj = {agents: {defaults: {model: {primary: "x/y"}}}, list: [1, 'two', {three: 3}]};
			const whole: Obj = gatewayFirst ? {gateway: gw, ...other} : {...other, gateway: gw};
			const text = (L.bom ? '\ufeff' : '') + (L.comments ? `// openclaw.json${L.eol}` : '') + render(whole, L, r, '', false) + L.eol;
			const parsed = JSON5.parse(text) as {gateway: Record<string, unknown>};
			const want = intended(parsed.gateway, ops);
			const gwOps = ops.map(o => ({...o, path: ['gateway', ...o.path]}));
			if (want === undefined) {
				assert.throws(() => applyOps(text, gwOps), /is not an object/);
				return;
			}
			const out = applyOps(text, gwOps);
			// parses, with the json5 library and ours
			const back = JSON5.parse(out) as Record<string, unknown>;
			assert.deepEqual(parseJson5Cst(out).value, back);
			// equals the intended value, and every other section is unchanged
			assert.deepEqual(back.gateway, want, `text:\n${text}\nops: ${JSON.stringify(ops)}\nout:\n${out}`);
			assert.deepEqual({...back, gateway: 0}, {...parsed, gateway: 0});
			// byte-identical outside the gateway section
			const before = parseJson5Cst(text, {values: false, record: p => p.length === 0}).root;
			const after = parseJson5Cst(out, {values: false, record: p => p.length === 0}).root;
			assert.ok(before.kind === 'object' && after.kind === 'object');
			const gb = lastMember(before, 'gateway')!;
			const ga = lastMember(after, 'gateway')!;
			assert.equal(out.slice(0, ga.valueStart), text.slice(0, gb.valueStart));
			assert.equal(out.slice(ga.valueEnd), text.slice(gb.valueEnd));
			// the file's line endings are kept
			if (L.eol === '\r\n') assert.ok(!/[^\r]\n/.test(out), 'a bare LF in a CRLF file');
	}
	assert.ok(runs >= 200, `only ${runs} runs in the time budget`);
});
