// Ink's ANSI tokenizers (@alcalzone/ansi-tokenize for every line drawn, slice-ansi for clipped
// text) each build an Intl.Segmenter when they load: ≈ 14 ms of ICU set-up before the first frame,
// for text that is nearly always one grapheme per code point. The build gives them
// source/core/graphemes.ts's segmenter instead, which answers that text itself and makes the
// Intl.Segmenter on the first text that needs it. test/core-graphemes.test.ts bundles both
// libraries with this plugin and compares them with the originals.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const graphemes = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'source', 'core', 'graphemes.ts');
const TARGETS = /(@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js|slice-ansi[\\/]tokenize-ansi\.js)$/;
const SEGMENTER = /new Intl\.Segmenter\(undefined, ?\{ ?granularity: ?["']grapheme["'] ?\}\)/;

export const lazySegmenter = {
	name: 'lazy-segmenter',
	setup(b) {
		b.onLoad({filter: TARGETS}, async a => {
			const src = await fs.promises.readFile(a.path, 'utf8');
			if (!SEGMENTER.test(src)) throw new Error(`${a.path} changed: its Intl.Segmenter was not found`);
			return {contents: `import {graphemeSegmenter as __mgwGraphemes} from ${JSON.stringify(graphemes)};\n${src.replace(SEGMENTER, '__mgwGraphemes()')}`, loader: 'js', resolveDir: path.dirname(a.path)};
		});
	},
};
