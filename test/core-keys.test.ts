import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createKeyReader, isPaste, looksPasted, pastedLines, type InputEvent} from '../source/core/keys.js';

/** Events as short strings: key names, `paste[b]:…` / `paste[u]:…`. */
const show = (evs: InputEvent[]) => evs.map(e => (isPaste(e) ? `paste[${e.bracketed ? 'b' : 'u'}]:${e.paste}` : e.key));
const keys = (...reads: string[]) => {
	const r = createKeyReader();
	const out = reads.flatMap(x => r.push(x));
	return show([...out, ...r.flush()]);
};

test('a burst in one read is every key in order', () => {
	const rows: [string, string[]][] = [
		['abc\t', ['a', 'b', 'c', 'tab']],
		['ab\u0003', ['a', 'b', 'ctrl+c']],
		['2j', ['2', 'j']],
		['kk', ['k', 'k']],
		[':help\r', [':', 'h', 'e', 'l', 'p', 'return']],
		['abc\u007f\u007f', ['a', 'b', 'c', 'backspace', 'backspace']],
		['x\r\n', ['x', 'return']],
		['\u001b[A\u001b[B\u001bOA', ['up', 'down', 'up']],
		['\u001b[5~\u001b[6~\u001b[3~\u001b[H\u001b[F', ['pageup', 'pagedown', 'delete', 'home', 'end']],
		['\u001b[Z', ['shift+tab']],
		['\u001b[1;5A\u001b[1;3C\u001b[1;2B', ['ctrl+up', 'meta+right', 'shift+down']],
		['\u0007\u0017\u0015\n', ['ctrl+g', 'ctrl+w', 'ctrl+u', 'ctrl+j']],
		['训练j', ['训', '练', 'j']],
		['😀a', ['😀', 'a']],
	];
	for (const [read, want] of rows) assert.deepEqual(keys(read), want, JSON.stringify(read));
});

test('Esc: alone, followed by a key (Meta, with the plain key kept as base), Esc Esc, cut sequences across reads', () => {
	assert.deepEqual(keys('\u001b'), ['escape']);
	assert.deepEqual(keys('\u001bx'), ['meta+x']);
	assert.deepEqual(keys('\u001b\r'), ['meta+return']);
	const r = createKeyReader();
	const [m] = r.push('\u001bq');
	assert.ok(m && !isPaste(m) && m.base?.key === 'q', 'the key without Meta travels along for scopes without a Meta binding');
	assert.deepEqual(keys('\u001b\u001b[A'), ['meta+up']);
	assert.deepEqual(keys('\u001b', '[A'), ['up'], 'a sequence cut between two reads is joined');
	assert.deepEqual(keys('\u001b[1;', '5A'), ['ctrl+up']);
	const held = createKeyReader();
	assert.deepEqual(show(held.push('a\u001b')), ['a']);
	assert.ok(held.hasPending());
	assert.deepEqual(show(held.flush()), ['escape'], 'a held Esc is an Esc when nothing follows');
});

test('kitty keyboard protocol sequences (CSI u) name the same keys; releases are dropped', () => {
	const rows: [string, string[]][] = [
		['\u001b[97u', ['a']],
		['\u001b[97;2u', ['A']],
		['\u001b[99;5u', ['ctrl+c']],
		['\u001b[13u\u001b[9u\u001b[27u\u001b[127u', ['return', 'tab', 'escape', 'backspace']],
		['\u001b[9;2u', ['shift+tab']],
		['\u001b[13;3u', ['meta+return']],
		['\u001b[106;1:3u', []],
		['\u001b[1;1:1A', ['up']],
		['\u001b[107;1;107u', ['k']],
	];
	for (const [read, want] of rows) assert.deepEqual(keys(read), want, JSON.stringify(read));
});

test('bracketed paste: one event, verbatim (tabs, newlines, CJK, escapes), even across reads and with the end marker cut', () => {
	assert.deepEqual(keys('\u001b[200~a\tb\r\n训练\u001b[201~x'), ['paste[b]:a\tb\r\n训练', 'x']);
	assert.deepEqual(keys('\u001b[200~line1\n', 'line2\n\u001b[20', '1~j'), ['paste[b]:line1\nline2\n', 'j']);
	const r = createKeyReader();
	r.push('\u001b[200~abc');
	assert.ok(r.inPaste());
	assert.deepEqual(show(r.flush()), [], 'a paste in progress is not flushed as keys');
	assert.deepEqual(show(r.push('\u001b[201~')), ['paste[b]:abc']);
});

test('without bracketed paste: a read that looks pasted is a paste, a typed burst stays keys', () => {
	const big = 'x'.repeat(4096) + '\n';
	assert.deepEqual(keys(big), [`paste[u]:${big}`], '4 KB ending in a newline');
	assert.deepEqual(keys('one\ntwo'), ['paste[u]:one\ntwo']);
	assert.deepEqual(keys('secret\r'), ['s', 'e', 'c', 'r', 'e', 't', 'return']);
	assert.equal(looksPasted(':help\r'), false);
	assert.equal(looksPasted('\u001b[Aa\nb'), false, 'reads with escape sequences are keys');
	assert.equal(pastedLines('a\nb\n'), 2);
	assert.equal(pastedLines('a'), 1);
});
