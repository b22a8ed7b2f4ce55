import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {tokenize} from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import {build} from 'esbuild';
import {lazySegmenter} from '../scripts/segmenter-plugin.mjs';
import {SIMPLE_RANGES} from '../source/core/cell-width.js';
import {codePointsAreGraphemes, graphemeSegmenter} from '../source/core/graphemes.js';

const intl = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const ours = graphemeSegmenter();
const list = (s: Iterable<{segment: string; index: number}>) => [...s].map(({segment, index}) => [segment, index]);

/** Same segments, and the same answer from containing() at every index, as Intl.Segmenter. */
function same(s: string): void {
	const a = ours.segment(s);
	const b = intl.segment(s);
	assert.deepEqual(list(a), list(b), JSON.stringify(s));
	for (let i = -1; i <= s.length; i++) {
		const x = a.containing(i);
		const y = b.containing(i);
		assert.deepEqual(x && [x.segment, x.index, x.input], y && [y.segment, y.index, y.input], `${JSON.stringify(s)} containing(${i})`);
	}
}

test('graphemes: every code point of the simple ranges alone and beside ASCII is one segment, as Intl.Segmenter says', () => {
	let n = 0;
	for (const [a, b] of SIMPLE_RANGES)
		for (let cp = a; cp <= b; cp++) {
			const c = String.fromCodePoint(cp);
			const s = `a${c}${c}\u001b[0m`;
			assert.ok(codePointsAreGraphemes(s), `U+${cp.toString(16)}`);
			const got = list(ours.segment(s));
			const want = list(intl.segment(s));
			if (JSON.stringify(got) !== JSON.stringify(want)) assert.fail(`U+${cp.toString(16).toUpperCase()}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
			n++;
		}
	assert.ok(n > 180_000, `${n} code points checked`);
});

test('graphemes: random strings of simple code points and controls (colour codes, CJK, box drawing, emoji) segment exactly as Intl.Segmenter', () => {
	const simple = fc.integer({min: 0, max: SIMPLE_RANGES.length - 1}).chain(r => fc.integer({min: SIMPLE_RANGES[r]![0], max: SIMPLE_RANGES[r]![1]}));
	const control = fc.integer({min: 0, max: 0x1f}).filter(c => c !== 0x0d);
	fc.assert(
		fc.property(fc.array(fc.oneof(simple, control), {maxLength: 30}), cps => {
			const s = String.fromCodePoint(...cps);
			assert.ok(codePointsAreGraphemes(s));
			same(s);
		}),
		{seed: 2026, numRuns: 3000},
	);
});

test('graphemes: text that joins into clusters goes to Intl.Segmenter (marks, ZWJ, flags, skin tones, VS16, CR LF, jamo, lone surrogates)', () => {
	const hard = ['e\u0301', '👍🏽', '👨‍👩‍👧', '🇨🇳', '❤️', '1️⃣', 'a\r\nb', '\u1100\u1161', 'ｶﾞ', 'ก่', '\ud800x', 'x\udc00', '\u00ad', 'a\u200db'];
	for (const s of hard) {
		assert.equal(codePointsAreGraphemes(s), false, JSON.stringify(s));
		same(s);
	}
	for (const s of ['', '● online', '╔═ ▶ 1 Nodes', '书房笔记本 🔒 → nas', '\u001b[31mred\u001b[39m', '\t\u001b]8;;x\u0007']) same(s);
});

test('graphemes: Ink\'s ANSI tokenizers bundled with the stand-in (as the build does) give the same tokens and slices as the originals', async () => {
	const built = await build({
		stdin: {contents: "export {tokenize} from '@alcalzone/ansi-tokenize'; export {default as sliceAnsi} from 'slice-ansi';", resolveDir: process.cwd(), loader: 'js'},
		bundle: true,
		write: false,
		format: 'esm',
		platform: 'node',
		plugins: [lazySegmenter],
	});
	const code = built.outputFiles[0]!.text;
	// the libraries' own segmenters are gone; the one left is graphemes.ts's, made on first need
	assert.equal(code.match(/new Intl\.Segmenter/g)?.length, 1);
	assert.match(code, /real \?\?= new Intl\.Segmenter/);
	const patched = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as {tokenize: typeof tokenize; sliceAnsi: typeof sliceAnsi};
	const simple = fc.integer({min: 0, max: SIMPLE_RANGES.length - 1}).chain(r => fc.integer({min: SIMPLE_RANGES[r]![0], max: SIMPLE_RANGES[r]![1]}));
	const piece = fc.oneof(
		fc.array(simple, {maxLength: 8}).map(cps => String.fromCodePoint(...cps)),
		fc.constantFrom('\u001b[31m', '\u001b[39m', '\u001b[1;4m', '\u001b[0m', '\u001b[38;5;202m', '\u001b]8;;https://x\u0007', '\u001b]8;;\u0007', 'e\u0301', '👍🏽', '🇨🇳', '\t', 'a\r\n'),
	);
	fc.assert(
		fc.property(fc.array(piece, {maxLength: 10}), fc.nat(40), fc.nat(40), (parts, a, b) => {
			const s = parts.join('');
			assert.deepEqual(patched.tokenize(s), tokenize(s), JSON.stringify(s));
			assert.equal(patched.sliceAnsi(s, Math.min(a, b), Math.max(a, b)), sliceAnsi(s, Math.min(a, b), Math.max(a, b)), JSON.stringify([s, a, b]));
		}),
		{seed: 7, numRuns: 2000},
	);
});
