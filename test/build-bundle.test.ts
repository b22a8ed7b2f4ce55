/**
 * What scripts/build.mjs does to the bundles beyond esbuild (dist/ is built by npm test).
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
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
