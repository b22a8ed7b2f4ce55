// The lint gate (part of npm test). Besides the React hook rules and floating promises, the
// import rules state the architecture: core/ is pure (no I/O, no React), ui/ never reaches
// for the network, files or processes (it gets them through Services), and ui/ and core/
// take nothing but types from net/, store/ and cli/.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const IO = ['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'child_process', 'worker_threads', 'cluster', 'readline', 'os', 'process', 'module', 'vm'];
const nodeIo = IO.flatMap(m => [m, `node:${m}`]);
const msg = (where, why) => `${where}: ${why} (see "How we build" in the brief / readme Development)`;

const restrict = (names, patterns, why) => ({
	'@typescript-eslint/no-restricted-imports': [
		'error',
		{
			paths: names.map(name => ({name, message: why})),
			patterns: patterns.map(group => ({group: [group], message: why, allowTypeImports: true})),
		},
	],
});

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**', '.cache/**', '.scratch/**', 'bench/results/**', 'patches/**', 'coverage/**']},
	{
		files: ['**/*.{ts,tsx}'],
		languageOptions: {parser: tseslint.parser, parserOptions: {projectService: {allowDefaultProject: ['scripts/readme-screen.tsx', 'scripts/test-node24.ts']}, tsconfigRootDir: import.meta.dirname}},
		plugins: {'@typescript-eslint': tseslint.plugin, 'react-hooks': reactHooks},
		linterOptions: {reportUnusedDisableDirectives: 'error'},
		rules: {
			// node:test's test() returns a promise the runner itself awaits
			'@typescript-eslint/no-floating-promises': ['error', {allowForKnownSafeCalls: [{from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after']}]}],
			'@typescript-eslint/no-misused-promises': ['error', {checksVoidReturn: false}],
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
		},
	},
	{
		files: ['source/core/**/*.ts'],
		rules: restrict([...nodeIo, 'ws', 'conf', 'react', 'ink', 'ink-testing-library'], ['**/net/**', '**/store/**', '**/ui/**', '**/cli/**'], msg('source/core', 'pure logic only: no I/O modules, no ws/conf, no React/Ink, nothing from net/store/ui/cli')),
	},
	{
		files: ['source/ui/**/*.{ts,tsx}'],
		rules: restrict([...nodeIo, 'ws', 'conf'], ['**/net/**', '**/store/**', '**/cli/**'], msg('source/ui', 'no ws, conf, fs, net or processes; the outside world comes in through Services (types only from net/store)')),
	},
);
