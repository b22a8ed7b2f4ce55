/**
 * What the console loads before its first frame (#12): the modules statically reachable from
 * source/cli/tui.tsx. The network side (tui-net.ts, imported dynamically after the first frame)
 * may use anything; the path to the first frame must not pull in zod's classic build.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {build} from 'esbuild';

test("startup graph: nothing before the console's first frame imports zod's classic build (the schemas there use zod/mini)", async () => {
	const r = await build({
		entryPoints: ['source/cli/tui.tsx'],
		bundle: true,
		write: false,
		platform: 'node',
		format: 'esm',
		metafile: true,
		logLevel: 'silent',
		external: ['react-devtools-core'],
	});
	const imports = new Map(Object.entries(r.metafile.inputs).map(([file, i]) => [file, i.imports.filter(x => x.kind === 'import-statement').map(x => x.path)]));
	const reached = new Set<string>();
	const todo = ['source/cli/tui.tsx'];
	while (todo.length) {
		const f = todo.pop()!;
		if (reached.has(f)) continue;
		reached.add(f);
		todo.push(...(imports.get(f) ?? []));
	}
	const classic = [...reached].filter(f => /node_modules\/zod\/v4\/classic\//.test(f));
	// our files that import zod by another door than zod/mini and its locales
	const importers = [...reached].filter(f => f.startsWith('source/') && (imports.get(f) ?? []).some(p => /node_modules\/zod\//.test(p) && !/zod\/(v4\/)?(mini|locales)\//.test(p)));
	assert.deepEqual(classic, [], `imported by: ${importers.join(', ')}`);
	assert.ok([...reached].some(f => /node_modules\/zod\/v4\/mini\//.test(f)), 'the settings schemas (zod/mini) are on the path');
	assert.ok(!reached.has('source/cli/tui-net.ts'), 'the network side is loaded after the first frame');
});

test('zod/mini schemas speak English without the classic build loaded (a fresh process that loads only the store)', () => {
	const code = `import {SettingsSchema} from './source/core/nodes.ts';
import * as z from 'zod/mini';
const r = z.safeParse(SettingsSchema, {version: 1, nodes: [{name: 'a', host: '1.2.3.4', port: 70000, tags: ['bad tag']}]});
console.log(JSON.stringify(r.error.issues.map(i => i.path.join('.') + ': ' + i.message)));`;
	const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {encoding: 'utf8'});
	assert.deepEqual(JSON.parse(out), ['nodes.0.port: Too big: expected number to be <=65535', 'nodes.0.tags.0: a tag is 1–32 letters, digits, "_", "." or "-"']);
});
