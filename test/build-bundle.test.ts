/**
 * What scripts/build.mjs does to the bundles beyond esbuild (dist/ is built by npm test).
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';

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
