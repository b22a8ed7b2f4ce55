import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {styledCharsFromTokens, styledCharsToString, tokenize} from '@alcalzone/ansi-tokenize';

// Ink's package exports only its entry: its output module is loaded by path.
const OUTPUT_JS = createRequire(import.meta.url).resolve('ink').replace(/index\.js$/, 'output.js');
type OutputLike = {write(x: number, y: number, text: string, o: {transformers: unknown[]}): void; get(): {output: string}};
const {default: Output} = (await import(pathToFileURL(OUTPUT_JS).href)) as {default: new (o: {width: number; height: number}) => OutputLike};

// patches/ink+6.8.0.patch rewrites how Ink turns a frame's cells into text (shared style lists,
// blank cells shared, ASCII lines split without the tokenizer, style diffs only where the style
// changes). Upstream's algorithm, written out here with the library's own unpatched functions, is
// the reference: the patched Output must give the same string for any writes.
type Write = {x: number; y: number; text: string};

function upstream(width: number, height: number, writes: Write[]): string {
	type Cell = {type: string; value: string; fullWidth: boolean; styles: unknown[]};
	const rows: Cell[][] = Array.from({length: height}, () => Array.from({length: width}, () => ({type: 'char', value: ' ', fullWidth: false, styles: []})));
	for (const {x, y, text} of writes) {
		text.split('\n').forEach((line, i) => {
			const row = rows[y + i];
			if (!row) return;
			let at = x;
			for (const ch of styledCharsFromTokens(tokenize(line))) {
				row[at] = ch as Cell;
				const w = Math.max(1, stringWidth(ch.value));
				for (let k = 1; k < w; k++) row[at + k] = {type: 'char', value: '', fullWidth: false, styles: ch.styles};
				at += w;
			}
		});
	}
	return rows.map(r => styledCharsToString(r.filter(c => c !== undefined) as never).trimEnd()).join('\n');
}

function patched(width: number, height: number, writes: Write[]): string {
	const out = new Output({width, height});
	for (const w of writes) out.write(w.x, w.y, w.text, {transformers: []});
	return out.get().output;
}

test('ink output: the patch is applied (cells of one style share their list, diffs only where the style changes)', () => {
	const src = fs.readFileSync(OUTPUT_JS, 'utf8');
	assert.match(src, /else if \(!sameStyles\(previous, styles\)\) \{/);
	assert.match(src, /row\.push\(BLANK\);/);
});

test('ink output: adversarial frames (colour runs, resets, bold+dim, 256/truecolour, links, CJK, emoji clusters, box drawing, plain ASCII) give the same text as upstream', () => {
	const piece = fc.oneof(
		{weight: 3, arbitrary: fc.string({maxLength: 8, unit: fc.constantFrom(...' abcXYZ019-|:.~'.split(''))})},
		{weight: 1, arbitrary: fc.string({maxLength: 4})},
		{
			weight: 4,
			arbitrary: fc.constantFrom(
				'\u001b[31m', '\u001b[39m', '\u001b[1m', '\u001b[2m', '\u001b[22m', '\u001b[0m', '\u001b[m', '\u001b[38;5;202m', '\u001b[7m', '\u001b[27m',
				'\u001b[48;2;1;2;3m', '\u001b[49m', '\u001b[1;31;4m', '\u001b[24m', '\u001b]8;;https://x.test\u0007', '\u001b]8;;\u0007',
				'e\u0301', '👍🏽', '🇨🇳', '书房', '名称', '─┐', '║', '●', '✖', '••••',
			),
		},
	);
	const write = fc.record({x: fc.nat({max: 30}), y: fc.nat({max: 5}), text: fc.array(fc.oneof(piece, fc.constant('\n')), {maxLength: 14}).map(p => p.join(''))});
	let styled = 0;
	fc.assert(
		fc.property(fc.array(write, {maxLength: 6}), writes => {
			if (writes.some(w => w.text.includes('\u001b['))) styled++;
			assert.equal(patched(32, 6, writes), upstream(32, 6, writes), JSON.stringify(writes));
		}),
		{seed: 2026, numRuns: 4000},
	);
	assert.ok(styled > 1000, `${styled} frames with styles`);
});

test('ink output: a full plain frame and a frame of styled rows equal upstream', () => {
	const plain = Array.from({length: 24}, (_, y) => ({x: 0, y, text: `row ${y} `.repeat(10).slice(0, 80)}));
	assert.equal(patched(80, 24, plain), upstream(80, 24, plain));
	const styled = Array.from({length: 24}, (_, y) => ({x: 2, y, text: `\u001b[${30 + (y % 8)}m● node-${y}\u001b[39m \u001b[1mbold\u001b[22m \u001b[7minverse\u001b[27m 名称`}));
	assert.equal(patched(80, 24, styled), upstream(80, 24, styled));
});
