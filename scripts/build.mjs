// Bundles the CLI into dist/mgw-tui.js: one file loads much faster than hundreds of modules
// (Ink alone pulls in es-toolkit/compat for one function), and React runs its production build.
import {build} from 'esbuild';

const stubDevtools = {
	name: 'stub-devtools',
	setup(b) {
		// Ink loads react-devtools-core only when DEV=true; it is not a dependency.
		b.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
		b.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
	},
};

const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {js: "import {createRequire as __mgwRequire} from 'node:module'; const require = __mgwRequire(import.meta.url);"},
	plugins: [stubDevtools],
	legalComments: 'none',
	logLevel: 'warning',
};

await build({...common, entryPoints: ['source/cli/main.ts'], outfile: 'dist/mgw-tui.js'});
// `node scripts/build.mjs --bench`: the benchmark, bundled the same way (production React, no tsx in the measurements).
if (process.argv.includes('--bench')) {
	await build({...common, entryPoints: ['bench/run.ts', 'bench/flood-gateways.ts', 'bench/million.tsx', 'bench/raw-client.ts', 'bench/batch-gateway.ts'], outdir: 'dist/bench', external: ['esbuild']});
}
