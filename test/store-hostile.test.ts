import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {Registry} from '../source/store/registry.js';
import {StoreError} from '../source/store/errors.js';
import {runCli} from './helpers/cli.js';
import {tempDir} from './helpers/store.js';

const mode = (p: string) => fs.statSync(p).mode & 0o777;
const node = {name: 'a', host: '10.0.0.1', port: 18789, tags: []};

test('store: an existing directory is tightened to 0700 and every file in it to 0600 (settings.json too)', () => {
	const dir = path.join(tempDir(), 'store');
	fs.mkdirSync(dir, {mode: 0o755});
	fs.chmodSync(dir, 0o755);
	fs.writeFileSync(path.join(dir, 'tasks.ndjson'), '', {mode: 0o644});
	fs.chmodSync(path.join(dir, 'tasks.ndjson'), 0o644);
	const reg = new Registry(dir);
	reg.add({...node, token: 'tok-123456789'});
	assert.equal(mode(dir), 0o700);
	for (const f of ['settings.json', 'secrets.json', 'tasks.ndjson']) assert.equal(mode(path.join(dir, f)), 0o600, f);
	fs.chmodSync(path.join(dir, 'settings.json'), 0o666);
	new Registry(dir).settings();
	assert.equal(mode(path.join(dir, 'settings.json')), 0o600, 'loosened by hand: tightened on the next load');
});

test('store: a malformed or duplicate-named settings.json is reported with the file name and never overwritten', async () => {
	const cases: [string, RegExp][] = [
		['null', /holds null, not an object/],
		['[]', /holds an array, not an object/],
		['"x"', /holds a string/],
		[JSON.stringify({version: 1, nodes: [node, {...node, name: 'A', host: '10.0.0.2'}]}), /nodes\.1\.name: "A" is the name of nodes\.0 too/],
		[JSON.stringify({version: 1, nodes: [node, null]}), /nodes\.1: .*null/],
		[JSON.stringify({version: 1, nodes: [[]]}), /nodes\.0: .*array/],
		['{"version": 1, "nodes": [', /not valid JSON/],
	];
	for (const [content, why] of cases) {
		const dir = tempDir();
		const file = path.join(dir, 'settings.json');
		fs.writeFileSync(file, content);
		assert.throws(() => new Registry(dir).settings(), (e: unknown) => e instanceof StoreError && e.message.includes(file) && why.test(e.message), content);
		assert.throws(() => new Registry(dir).add({...node, name: 'b', token: 'tok-123456789'}));
		assert.throws(() => new Registry(dir).markLocalOffered());
		// the headless commands say the same and change nothing: nodes remove never removes two
		const r = await runCli(['nodes', 'remove', 'a'], {env: {MGW_TUI_HOME: dir}});
		assert.notEqual(r.code, 0);
		assert.ok(r.stderr.includes('settings.json') && why.test(r.stderr), r.stderr);
		assert.equal(fs.readFileSync(file, 'utf8'), content, `left untouched: ${content}`);
	}
});
