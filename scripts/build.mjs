// Bundles the CLI into dist/mgw-tui.js: a few files load much faster than hundreds of modules
// (Ink alone pulls in es-toolkit/compat for one function), and React runs its production build.
// Split per command (ESM code splitting; main.ts imports each command when it runs): `--version`
// loads a few KB, `status` the client and the store, only the console loads Ink and React.
import fs from 'node:fs';
import {build} from 'esbuild';

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

const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {js: "import {createRequire as __mgwRequire} from 'node:module'; const require = __mgwRequire(import.meta.url);"},
	plugins: [stubDevtools, stubUnused],
	legalComments: 'none',
	logLevel: 'warning',
};

fs.rmSync('dist/chunks', {recursive: true, force: true});
await build({...common, entryPoints: {'mgw-tui': 'source/cli/main.ts'}, outdir: 'dist', splitting: true, chunkNames: 'chunks/[name]-[hash]'});
// `node scripts/build.mjs --bench`: the benchmark, bundled the same way (production React, no tsx in the measurements).
if (process.argv.includes('--bench')) {
	await build({...common, entryPoints: ['bench/run.ts', 'bench/flood-gateways.ts', 'bench/raw-client.ts', 'bench/min-probe.ts', 'bench/batch-gateway.ts'], outdir: 'dist/bench', external: ['esbuild']});
}
