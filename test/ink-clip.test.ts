import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import fc from 'fast-check';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {styledCharsFromTokens, tokenize} from '@alcalzone/ansi-tokenize';

// patches/ink+6.8.0.patch: in a clipped box Ink sliced every line, even one that fits (most of a
// frame's time); a line that fits is now kept. What Ink does with a line next — tokenize it into
// styled cells — must then give the same cells as the sliced line did.
/** The lines the patch still slices (the same expression as in the patch). */
const SLICED = /[\u0000-\u001A\u001C-\u001F\u007F-\u009F]|\u001B\]/;
/** Each cell's text and its set of styles (the order codes were given in changes nothing on screen). */
const cells = (s: string) => styledCharsFromTokens(tokenize(s)).map(c => `${c.value}|${c.styles.map(st => st.code).sort().join('')}`);

test('ink clip: the patch is applied (a line that fits a clipped box is not sliced)', () => {
	const output = fs.readFileSync(createRequire(import.meta.url).resolve('ink').replace(/index\.js$/, 'output.js'), 'utf8');
	assert.match(output, /if \(from === 0 && to >= width && !\/\[\\u0000-\\u001A[^\n]*\.test\(line\)\) \{\s*return line;/);
});

test('ink clip: adversarial lines (colours, bold/inverse runs, CJK, emoji clusters, box drawing, controls) that fit give the same cells unsliced as sliced', () => {
	const piece = fc.oneof(
		fc.string({maxLength: 6}),
		fc.constantFrom('\u001b[31m', '\u001b[39m', '\u001b[1m', '\u001b[22m', '\u001b[0m', '\u001b[38;5;202m', '\u001b[7m', '\u001b[27m', '\u001b[48;2;1;2;3m', 'e\u0301', '👍🏽', '🇨🇳', '书房', '─┐', '●', '\t', '\r', '\u0007', '\u009b', 'a\u0000b'),
	);
	let kept = 0;
	fc.assert(
		fc.property(fc.array(piece, {maxLength: 12}), parts => {
			const line = parts.join('');
			if (SLICED.test(line)) return; // controls and OSC: still sliced
			kept++;
			assert.deepEqual(cells(line), cells(sliceAnsi(line, 0, stringWidth(line))), JSON.stringify(line));
		}),
		{seed: 2026, numRuns: 6000},
	);
	assert.ok(kept > 2000, `${kept} lines kept unsliced`);
});
