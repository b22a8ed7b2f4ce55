/**
 * V8's code cache for the built bundles (bin/code-cache.js): written after the first run,
 * used by the next, rejected and rewritten when it does not fit, never in the way. The built
 * binary runs in its own process (dist/ is built by npm test).
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {runBin} from './helpers/cli.js';
import {tempDir} from './helpers/store.js';
import {plain, skip, startConsole} from './helpers/pty.js';

const DEBUG = {MGW_TUI_DEBUG_CODE_CACHE: '1'};
const said = (stderr: string) => stderr.split('\n').filter(l => l.startsWith('mgw-tui code cache:')).map(l => l.slice('mgw-tui code cache: '.length).replace(/\.\d[^:]*\.v8/, '.v8'));

test('code cache: the first status compiles and writes it (0600 in a 0700 dir), the next one starts from it, with the same answer', async () => {
	const home = tempDir();
	const env = {MGW_TUI_HOME: home, HOME: home, ...DEBUG};
	const first = await runBin(['status', '--json'], {env});
	assert.equal(first.code, 0, first.stderr);
	const [compiled, written, ...more] = said(first.stderr);
	assert.equal(compiled, 'mgw-tui.cjs: none');
	assert.match(written ?? '', /^mgw-tui\.cjs\.v8: written \(\d+ KB\)$/);
	assert.deepEqual(more, []);
	const dir = path.join(home, 'cache');
	const files = fs.readdirSync(dir);
	assert.equal(files.length, 1);
	assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
	assert.equal(fs.statSync(path.join(dir, files[0]!)).mode & 0o777, 0o600);
	const second = await runBin(['status', '--json'], {env});
	assert.deepEqual(said(second.stderr), ['mgw-tui.cjs: used']);
	assert.equal(second.stdout, first.stdout);
});

test('code cache: a damaged cache file is rejected by V8, the command still answers, and the cache is rewritten', async () => {
	const home = tempDir();
	const env = {MGW_TUI_HOME: home, HOME: home, ...DEBUG};
	await runBin(['nodes', 'list'], {env});
	const dir = path.join(home, 'cache');
	const [file] = fs.readdirSync(dir);
	const size = fs.statSync(path.join(dir, file!)).size;
	fs.writeFileSync(path.join(dir, file!), Buffer.alloc(size, 0x5a));
	const r = await runBin(['nodes', 'list'], {env});
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout + r.stderr, /no nodes/i);
	assert.equal(said(r.stderr)[0], 'mgw-tui.cjs: rejected');
	assert.match(r.stderr, /written/);
	const again = await runBin(['nodes', 'list'], {env});
	assert.deepEqual(said(again.stderr), ['mgw-tui.cjs: used']);
});

test('code cache: MGW_TUI_NO_CODE_CACHE=1 turns it off; an unwritable cache place is no error', async () => {
	const home = tempDir();
	const off = await runBin(['nodes', 'list'], {env: {MGW_TUI_HOME: home, HOME: home, MGW_TUI_NO_CODE_CACHE: '1', ...DEBUG}});
	assert.equal(off.code, 0, off.stderr);
	assert.equal(fs.existsSync(path.join(home, 'cache')), false);
	assert.deepEqual(said(off.stderr), []);
	fs.writeFileSync(path.join(home, 'cache'), 'a file where the cache directory would go');
	const blocked = await runBin(['nodes', 'list'], {env: {MGW_TUI_HOME: home, HOME: home, ...DEBUG}});
	assert.equal(blocked.code, 0, blocked.stderr);
	assert.match(blocked.stderr, /not written/);
});

test('code cache: the console (dist/tui.cjs) in a real pty — the second start uses the cache the first one wrote, and draws the same first frame', {skip}, async () => {
	const home = tempDir('mgw-cc-');
	const frames: string[] = [];
	for (const expect of ['tui.cjs: none', 'tui.cjs: used']) {
		const c = startConsole(node => `exec ${node}`, {home, env: DEBUG});
		try {
			await c.waitOutput(0, s => plain(s).includes('? help') && plain(s).includes('3 Config'), 'the first frame');
			assert.ok(c.since(0).includes(`mgw-tui code cache: ${expect}`), `expected "${expect}" in: ${JSON.stringify(c.since(0).slice(0, 300))}`);
			frames.push(plain(c.since(0)).replace(/mgw-tui code cache:[^\n]*\n/g, '').replace(/\s+/g, ' ').match(/mgw-tui · .*\? help/)?.[0] ?? '');
			c.type('q');
			assert.equal(await c.exitCode(), 0);
		} finally {
			c.stop();
		}
	}
	assert.ok(frames[0] && frames[0] === frames[1], 'the same first frame, cached or not');
	assert.ok(fs.readdirSync(path.join(home, 'cache')).some(f => f.startsWith('tui.cjs.')));
});
