import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {SIMPLE_RANGES, simpleWidth} from '../source/core/cell-width.js';
import {width} from '../source/core/width.js';

test('cell width: every code point of the simple ranges has the width string-width gives it', () => {
	let n = 0;
	for (const [a, b] of SIMPLE_RANGES)
		for (let cp = a; cp <= b; cp++) {
			const s = String.fromCodePoint(cp);
			const ours = simpleWidth(s);
			if (ours !== stringWidth(s)) assert.fail(`U+${cp.toString(16).toUpperCase()} ${s}: ours ${ours}, string-width ${stringWidth(s)}`);
			n++;
		}
	assert.ok(n > 180_000, `${n} code points checked`);
});

test('cell width: random strings from the simple ranges (CJK, glyphs, emoji, Latin mixed) add up as string-width says', () => {
	const cp = fc.integer({min: 0, max: SIMPLE_RANGES.length - 1}).chain(r => fc.integer({min: SIMPLE_RANGES[r]![0], max: SIMPLE_RANGES[r]![1]}));
	fc.assert(
		fc.property(fc.array(cp, {maxLength: 40}), cps => {
			const s = String.fromCodePoint(...cps);
			assert.equal(simpleWidth(s), stringWidth(s), JSON.stringify(s));
		}),
		{seed: 2026, numRuns: 3000},
	);
});

test('cell width: what can join a cluster or takes no cell is left to string-width, and width() still answers it right', () => {
	const hard = ['e\u0301', '👍🏽', '👨‍👩‍👧', '🇨🇳', '❤️', '1️⃣', '\u00ad', 'a\u200bb', '\u1100\u1161', 'ｶﾞ', '\u3164', 'x\u0007', '\u001b[31mred\u001b[39m', '\ud800', 'ก่'];
	for (const s of hard) {
		assert.equal(simpleWidth(s), undefined, JSON.stringify(s));
		assert.equal(width(s), stringWidth(s), JSON.stringify(s));
	}
	for (const s of ['● online', '✖ unreachable', 'AI电脑', '书房笔记本', '╔═ ▶ 1 Nodes', '••••9a0b', '🔒', '→ nas', '◌ pairing', 'Привет', 'Ωμέγα']) assert.equal(width(s), stringWidth(s), s);
});
