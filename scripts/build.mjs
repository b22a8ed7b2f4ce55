// Bundles the CLI into dist/mgw-tui.js: a few files load much faster than hundreds of modules
// (Ink alone pulls in es-toolkit/compat for one function), and React runs its production build.
// Split per command (ESM code splitting; main.ts imports each command when it runs): `--version`
// loads a few KB, `status` the client and the store, only the console loads Ink and React.
import fs from 'node:fs';
import path from 'node:path';
import {build} from 'esbuild';
import {lazySegmenter} from './segmenter-plugin.mjs';

const stubDevtools = {
	name: 'stub-devtools',
	setup(b) {
		// Ink loads react-devtools-core only when DEV=true; it is not a dependency.
		b.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
		b.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
	},
};

// conf validates with ajv only when given a JSON schema and migrates with semver only when given
// migrations; mgw-tui gives neither (zod validates every load), so both are left out of the
// bundle (≈ 400 KB parsed on every start of `status`). A stub that throws if ever reached.
const stubUnused = {
	name: 'stub-unused',
	setup(b) {
		b.onResolve({filter: /^(ajv\/dist\/2020\.js|ajv-formats|semver)$/}, a => ({path: a.path, namespace: 'unused'}));
		b.onLoad({filter: /.*/, namespace: 'unused'}, a => ({
			contents: `const no = () => { throw new Error('mgw-tui: ${'${a.path}'} is not bundled (conf schema/migrations are not used)'); };
export class Ajv2020 { constructor() { no(); } }
export default {default: no, eq: no, clean: no, satisfies: no, lte: no, gt: no};`,
			loader: 'js',
		}));
	},
};

// Ink's layout engine (yoga) loads its WASM from a base64 data: URL with `fetch` when fetch
// exists — on Node that first touch of `fetch` loads undici (≈ 170 ms of the first frame on a
// loaded machine). Without fetch the same loader decodes the base64 and instantiates directly.
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(b) {
		b.onLoad({filter: /yoga-wasm-base64-esm\.js$/}, async a => ({contents: (await fs.promises.readFile(a.path, 'utf8')).replaceAll('typeof fetch', '"undefined"'), loader: 'js'}));
	},
};

// string-width builds an Intl.Segmenter and Unicode-property regexes when it loads and compiles the
// RGI_Emoji set on its first non-ASCII answer (≈ 60 ms of every start-up that draws a glyph); Ink
// and its helpers measure every line with it. Every `string-width` import gets a wrapper instead:
// text in core/cell-width.ts's ranges (ASCII, glyphs, box drawing, CJK, single emoji — nearly
// every frame) is measured there, the rest by string-width, which is loaded on that first use
// (esbuild wraps a require()d ES module in a lazy initialiser).
const cellWidth = path.resolve('source/core/cell-width.ts');
const lazyStringWidth = {
	name: 'lazy-string-width',
	setup(b) {
		b.onResolve({filter: /^string-width$/}, async a => {
			if (a.pluginData?.real) return undefined;
			const real = await b.resolve('string-width', {kind: a.kind, resolveDir: a.resolveDir, importer: a.importer, pluginData: {real: true}});
			return {path: real.path, namespace: 'lazy-string-width'};
		});
		b.onLoad({filter: /.*/, namespace: 'lazy-string-width'}, a => ({
			contents: `import {simpleWidth} from ${JSON.stringify(cellWidth)};
let real;
export default function stringWidth(s, o) {
	if (typeof s === 'string' && !o) {
		const w = simpleWidth(s);
		if (w !== undefined) return w;
	}
	real ??= require(${JSON.stringify(a.path)}).default;
	return real(s, o);
}`,
			loader: 'js',
			resolveDir: path.dirname(a.path),
		}));
	},
};

// conf (with node:crypto, node:assert and its own dependencies) is loaded when the first store
// file is saved, not at every start: source/store/json-file.ts makes it on the first save, and
// its import gets a wrapper that requires the real module then (esbuild initialises a
// require()d ES module on that first call).
const lazyConf = {
	name: 'lazy-conf',
	setup(b) {
		b.onResolve({filter: /^conf$/}, async a => {
			if (a.pluginData?.real) return undefined;
			const real = await b.resolve('conf', {kind: a.kind, resolveDir: a.resolveDir, importer: a.importer, pluginData: {real: true}});
			return {path: real.path, namespace: 'lazy-conf'};
		});
		b.onLoad({filter: /.*/, namespace: 'lazy-conf'}, a => ({
			contents: `let Real;
export default function Conf(options) {
	Real ??= require(${JSON.stringify(a.path)}).default;
	return new Real(options);
}`,
			loader: 'js',
			resolveDir: path.dirname(a.path),
		}));
	},
};

// signal-exit (Ink's) requires node:assert when it loads, for one assert.equal on its argument:
// loading node:assert (with its colour detection) was ≈ 1–3 ms of every console start. Its
// `assert` is a stand-in that asks the real module only when the check fails (same error).
const signalExitAssert = {
	name: 'signal-exit-assert',
	setup(b) {
		b.onResolve({filter: /^assert$/}, a => (/[\\/]signal-exit[\\/]index\.js$/.test(a.importer) ? {path: 'assert', namespace: 'signal-exit-assert'} : undefined));
		b.onLoad({filter: /.*/, namespace: 'signal-exit-assert'}, () => ({
			contents: `module.exports = {equal(actual, expected, message) { if (actual != expected) require('node:assert').equal(actual, expected, message); }};`,
			loader: 'js',
		}));
	},
};

const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {js: "import {createRequire as __mgwRequire} from 'node:module'; const require = __mgwRequire(import.meta.url);"},
	plugins: [stubDevtools, stubUnused, yogaWithoutFetch, lazyStringWidth, lazySegmenter, lazyConf, signalExitAssert],
	legalComments: 'none',
	minifyWhitespace: !process.env.MGW_PLAIN,
	minifySyntax: !process.env.MGW_PLAIN,
	logLevel: 'warning',
};

// The commands are CommonJS bundles, loaded by bin/mgw-tui.js with V8's code cache (see
// bin/code-cache.js): a CommonJS file can be compiled from cached bytecode (vm.Script
// cachedData), an ES module cannot on Node 20. Two files: dist/mgw-tui.cjs (the headless
// commands and the router) and dist/tui.cjs (the console, loaded only for it; its network side
// is evaluated after the first frame). CommonJS has no top-level await, so the two in Ink's
// dependencies are removed here: yoga's WebAssembly is instantiated synchronously (it is
// inline, 70 KB), and Ink's DEV-only devtools/package.json loading is left out.
const noTopLevelAwait = {
	name: 'no-top-level-await',
	setup(b) {
		b.onLoad({filter: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/}, async a => {
			const src = await fs.promises.readFile(a.path, 'utf8');
			const base64 = /base64,([A-Za-z0-9+/=]+)/.exec(await fs.promises.readFile(path.join(path.dirname(a.path), '../binaries/yoga-wasm-base64-esm.js'), 'utf8'))[1];
			const sync = `const yogaModule = {instantiateWasm(imports, receive) {
	const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(${JSON.stringify(base64)}, 'base64')), imports);
	receive(instance);
	return instance.exports;
}};
loadYoga(yogaModule);
const Yoga = wrapAssembly(yogaModule);`;
			const out = src.replace('const Yoga = wrapAssembly(await loadYoga());', sync);
			if (out === src) throw new Error('yoga-layout changed: its top-level await was not found');
			return {contents: out, loader: 'js'};
		});
		b.onLoad({filter: /ink[\\/]build[\\/]reconciler\.js$/}, async a => {
			const src = await fs.promises.readFile(a.path, 'utf8');
			const out = src
				.replace(/if \(isDev\(\)\) \{\n    try \{\n        await import\('\.\/devtools\.js'\);[\s\S]*?\n\}\n/, '')
				.replace(/const packageJson = isDev\(\)\n    \? await loadPackageJson\(\)\n    : /, 'const packageJson = ');
			if (/await /.test(out.replace(/async function loadPackageJson[\s\S]*?\n\}/, ''))) throw new Error('ink changed: a top-level await is left in reconciler.js');
			return {contents: out, loader: 'js'};
		});
	},
};

// main.ts imports the console (./tui.js) only when it runs: it is its own bundle, dist/tui.cjs.
const consoleApart = {
	name: 'console-apart',
	setup(b) {
		b.onResolve({filter: /^\.\/tui\.js$/}, a => (a.importer.endsWith(path.join('cli', 'main.ts')) ? {path: './tui.cjs', external: true} : undefined));
	},
};

/**
 * A default or namespace import of a Node built-in (`import fs from 'node:fs'`) becomes
 * `__toESM(require("node:fs"), 1)` in a CommonJS bundle: an object with a getter for each of the
 * module's properties, made per importing file — 60 of them in the console's bundle (process 18
 * times, fs 11 …), ≈ 10 ms of defineProperty at every start on this machine. A built-in needs no
 * interop: each such call becomes an object whose prototype is the module (every property read
 * live, as before) with `default` the module itself, made in O(1).
 */
function builtinsWithoutCopy(code) {
	const calls = /([\w$]+)\(require\("(node:[\w/]+)"\),\s?1\)/g;
	const helpers = new Set([...code.matchAll(calls)].map(m => m[1]));
	if (helpers.size > 1) throw new Error(`build: several helpers wrap require("node:…"): ${[...helpers].join(', ')}`);
	if (helpers.size === 0) return code;
	const [name] = helpers;
	if (!new RegExp(`[\\s,;]${name.replace('$', '\\$')}\\s?=\\s?\\(([\\w$]+),\\s?([\\w$]+),\\s?([\\w$]+)\\)\\s?=>\\s?\\(\\3\\s?=\\s?\\1\\s?!=\\s?null`).test(code)) throw new Error(`build: ${name} is not esbuild's __toESM any more`);
	const useStrict = '"use strict";';
	const at = code.startsWith(useStrict) ? useStrict.length : 0;
	const helper = 'var __mgwBuiltin=m=>Object.create(m,{default:{value:m,enumerable:!0}});';
	return code.slice(0, at) + helper + code.slice(at).replace(calls, (_, _name, id) => `__mgwBuiltin(require("${id}"))`);
}

/**
 * The bundle as pure ASCII: Node reads it as a one-byte string (one non-ASCII character makes the
 * whole 0.9 MB source a two-byte string: twice the memory, ≈ 3 ms more to decode at every start
 * on this machine). esbuild escapes non-ASCII text everywhere but in regular-expression literals
 * (the judge's Chinese keywords, the table parser's full-width ｜ and ：), so what is left is in
 * those, where \uXXXX means the same character (with or without the u flag; a surrogate pair
 * escaped half by half is the same pair). A character after a backslash would change meaning:
 * the build fails instead.
 */
function asciiOnly(code, file) {
	return code.replace(/[^\x00-\x7f]/g, (c, at) => {
		let slashes = 0;
		while (code[at - 1 - slashes] === '\\') slashes++;
		if (slashes % 2) throw new Error(`build: ${file}: an escaped non-ASCII character at ${at}: ${JSON.stringify(code.slice(at - 40, at + 10))}`);
		return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
	});
}

// import() becomes require() (a vm.Script that runs from the code cache has no module loader for import())
const cjs = {...common, format: 'cjs', banner: {}, minifyIdentifiers: !process.env.MGW_PLAIN, supported: {'dynamic-import': false}, plugins: [...common.plugins, noTopLevelAwait, consoleApart]};
for (const old of ['dist/chunks', 'dist/mgw-tui.js']) fs.rmSync(old, {recursive: true, force: true});
const built = await Promise.all([
	build({...cjs, write: false, metafile: Boolean(process.env.MGW_META), entryPoints: {'mgw-tui': 'source/cli/main.ts'}, outdir: 'dist', outExtension: {'.js': '.cjs'}}),
	build({...cjs, write: false, metafile: Boolean(process.env.MGW_META), entryPoints: {tui: 'source/cli/tui.tsx'}, outdir: 'dist', outExtension: {'.js': '.cjs'}}),
]);
for (const out of built.flatMap(r => r.outputFiles)) {
	fs.mkdirSync(path.dirname(out.path), {recursive: true});
	fs.writeFileSync(out.path, asciiOnly(builtinsWithoutCopy(out.text), out.path));
}
if (process.env.MGW_META) fs.writeFileSync(process.env.MGW_META, JSON.stringify({outputs: Object.assign({}, ...built.map(r => r.metafile.outputs))}));
// `node scripts/build.mjs --bench`: the benchmark, bundled the same way (production React, no tsx in the measurements).
if (process.argv.includes('--bench')) {
	await build({...common, entryPoints: ['bench/run.ts', 'bench/flood-gateways.ts', 'bench/raw-client.ts', 'bench/min-probe.ts', 'bench/batch-gateway.ts', 'bench/hostile-gateway.ts'], outdir: 'dist/bench', external: ['esbuild']});
}
