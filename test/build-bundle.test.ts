/**
 * What scripts/build.mjs does to the bundles beyond esbuild (dist/ is built by npm test).
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {Registry} from '../source/store/registry.js';
import {runBin} from './helpers/cli.js';
import {tempDir} from './helpers/store.js';

const BUNDLES = ['dist/mgw-tui.cjs', 'dist/tui.cjs'];

test('bundles: no built-in module is imported through a copy of its properties; its default is the module, names read live', () => {
	for (const file of BUNDLES) {
		const code = fs.readFileSync(file, 'utf8');
		assert.doesNotMatch(code, /[\w$]+\(require\("node:[\w/]+"\),\s?1\)/, `${file}: a built-in still goes through __toESM`);
		assert.match(code, /__mgwBuiltin\(require\("node:fs"\)\)/, file);
		const helper = /var __mgwBuiltin=[^;]+;/.exec(code)?.[0];
		assert.ok(helper, `${file}: the helper is defined`);
		const wrap = vm.runInThisContext(`(() => { ${helper} return __mgwBuiltin; })()`) as (m: object) => Record<string, unknown>;
		const fake = {readFileSync: () => 'a', version: 1};
		const imported = wrap(fake);
		assert.equal(imported.default, fake);
		assert.equal(imported.readFileSync, fake.readFileSync);
		fake.version = 2; // read live, as esbuild's getters did
		assert.equal(imported.version, 2);
		assert.deepEqual(Object.keys(imported), ['default']);
	}
});

test('bundles: pure ASCII (a one-byte string to V8), the Chinese in regular expressions escaped; the built judge still reads 训练 and 显卡', async () => {
	for (const file of BUNDLES) {
		const code = fs.readFileSync(file, 'utf8');
		const at = code.search(/[^\x00-\x7f]/);
		assert.equal(at, -1, `${file}: non-ASCII at ${at}: ${JSON.stringify(code.slice(at - 30, at + 10))}`);
	}
	const gw = await startTestGateway({token: 'bundle-token-123456'});
	try {
		const home = tempDir();
		new Registry(home).add({name: 'n0', host: '127.0.0.1', port: gw.port, token: 'bundle-token-123456', tags: ['gpu']});
		const r = await runBin(['dispatch', '用显卡训练模型'], {env: {MGW_TUI_HOME: home}});
		assert.equal(r.code, 0, r.stderr);
		// short text: heavy only through 训练, sent to the gpu node only through 显卡 (both regular expressions)
		assert.match(r.stderr, /^→ n0: heavy → gpu, tag gpu/);
	} finally {
		await gw.stop();
	}
});

test('bundles: conf is loaded on the first save, not before — a read-only command loads neither node:assert nor node:crypto; a save still writes through it (0600)', async () => {
	const home = tempDir();
	const preload = path.join(home, 'loads.cjs');
	fs.writeFileSync(
		preload,
		`const Module = require('node:module'); const seen = new Set(); const load = Module._load;
Module._load = function (req) { seen.add(req); return load.apply(this, arguments); };
process.on('exit', () => require('node:fs').writeSync(2, 'LOADED ' + JSON.stringify([...seen].filter(r => /^(node:)?(assert|crypto)$/.test(r))) + '\\n'));`,
	);
	const env = {MGW_TUI_HOME: home, NODE_OPTIONS: `--require ${preload}`};
	const loaded = (stderr: string) => JSON.parse(/^LOADED (.*)$/m.exec(stderr)?.[1] ?? 'null') as string[] | null;
	const add = await runBin(['nodes', 'add', 'a', '10.0.0.2'], {env, stdin: 'tok-123456789\n'});
	assert.equal(add.code, 0, add.stderr);
	assert.ok(loaded(add.stderr)?.includes('node:assert'), `a save loads conf (and its node:assert): ${add.stderr}`);
	assert.equal(fs.statSync(path.join(home, 'settings.json')).mode & 0o777, 0o600);
	const list = await runBin(['nodes', 'list'], {env});
	assert.equal(list.code, 0, list.stderr);
	assert.match(list.stdout, /^a +10\.0\.0\.2 +18789/m);
	assert.deepEqual(loaded(list.stderr), []);
});
