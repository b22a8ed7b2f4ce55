import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {spawn} from 'node:child_process';
import {runCli, runBin, BIN} from './helpers/cli.js';
import {tempDir, GUIDE_TABLE} from './helpers/store.js';
import {Registry} from '../source/store/registry.js';

test('--help, --version and usage errors (exit 2)', async () => {
	const h = await runCli(['--help']);
	assert.equal(h.code, 0);
	for (const s of ['nodes list', 'status', 'dispatch', 'config check', 'MGW_TUI_HOME']) assert.ok(h.stdout.includes(s), s);
	const v = await runCli(['--version']);
	assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
	assert.equal((await runCli(['bogus'])).code, 2);
	assert.equal((await runCli(['nodes'])).code, 2);
	assert.equal((await runCli(['nodes', 'list', '--nope'])).code, 2);
	assert.match((await runCli(['nodes', '--help'])).stdout, /nodes import FILE/);
});

test('nodes add: token from stdin or MGW_TUI_TOKEN, never from argv', async () => {
	const home = tempDir();
	const env = {MGW_TUI_HOME: home};
	const a = await runCli(['nodes', 'add', 'AI电脑', '192.168.1.52', '--tag', 'gpu'], {env, stdin: 'f74bba0123456789a0b\n'});
	assert.equal(a.code, 0, a.stderr);
	assert.match(a.stdout, /added AI电脑 192\.168\.1\.52:18789 token ••••9a0b/);
	assert.ok(!a.stdout.includes('f74bba0123456789a0b'));
	const b = await runCli(['nodes', 'add', 'studio', '[fe80::1]:19000'], {env: {...env, MGW_TUI_TOKEN: 'env-token-12345678'}});
	assert.equal(b.code, 0, b.stderr);
	const arg = await runCli(['nodes', 'add', 'x', '10.0.0.1', '--token', 'abc'], {env, stdin: ''});
	assert.equal(arg.code, 2);
	assert.match(arg.stderr, /never taken from the command line/);
	const tty = await runCli(['nodes', 'add', 'typed', '10.0.0.1'], {env, tty: 'typed-secret-9876\r'});
	assert.equal(tty.code, 0, tty.stderr);
	assert.match(tty.stderr, /Token \(gateway\.auth\.token of that computer, not shown\):/);
	assert.ok(!(tty.stdout + tty.stderr).includes('typed-secret-9876'), 'typed token never echoed');
	assert.equal(new Registry(home).token('typed'), 'typed-secret-9876');
	assert.equal((await runCli(['nodes', 'remove', 'typed'], {env})).code, 0);
	const dup = await runCli(['nodes', 'add', 'ai电脑', '10.0.0.2'], {env, stdin: 'tok-123456789\n'});
	assert.equal(dup.code, 1);
	assert.match(dup.stderr, /name: a node named "ai电脑" already exists/);
	const badPort = await runCli(['nodes', 'add', 'z', '10.0.0.2:0'], {env, stdin: 'tok-123456789\n'});
	assert.equal(badPort.code, 2);
	assert.match(badPort.stderr, /port 0 is out of range/);
	assert.deepEqual(new Registry(home).drafts(), [
		{name: 'AI电脑', host: '192.168.1.52', port: 18789, tags: ['gpu'], token: 'f74bba0123456789a0b'},
		{name: 'studio', host: 'fe80::1', port: 19000, tags: [], token: 'env-token-12345678'},
	]);
	const list = await runCli(['nodes', 'list'], {env});
	assert.match(list.stdout, /AI电脑\s+192\.168\.1\.52\s+18789\s+••••9a0b\s+gpu/);
	const json = JSON.parse((await runCli(['nodes', 'list', '--json'], {env})).stdout);
	assert.equal(json[0].token, '••••9a0b');
	assert.ok(!JSON.stringify(json).includes('env-token-12345678'));
	assert.equal((await runCli(['nodes', 'remove', 'studio'], {env})).code, 0);
	const gone = await runCli(['nodes', 'remove', 'studio'], {env});
	assert.equal(gone.code, 1);
	assert.match(gone.stderr, /no node named "studio"/);
});

test("nodes import: the guide's table, then bad rows reported by line, updates instead of duplicates", async () => {
	const home = tempDir();
	const env = {MGW_TUI_HOME: home};
	const file = path.join(home, 'TOOLS.md');
	fs.writeFileSync(file, GUIDE_TABLE);
	const a = await runCli(['nodes', 'import', file], {env});
	assert.equal(a.code, 0, a.stderr);
	assert.match(a.stdout, /1 added, 0 updated/);
	assert.match(a.stderr, /TOOLS\.md:5: warning: token of "AI电脑" looks shortened/);
	fs.writeFileSync(file, GUIDE_TABLE.replace('f74bba...', 'f74bba0123456789a0b') + '| 坏的 | 1.2.3 | 18789 | tok-12345678 |\n| ok2 | 10.1.1.1 | 0 | tok-12345678 |\n');
	const b = await runCli(['nodes', 'import', file], {env});
	assert.equal(b.code, 1, 'bad rows make the import exit 1');
	assert.match(b.stdout, /0 added, 1 updated, 0 unchanged, 2 skipped/);
	assert.match(b.stderr, /TOOLS\.md:6: skipped: host: "1\.2\.3"/);
	assert.match(b.stderr, /TOOLS\.md:7: skipped: port: port 0 is out of range/);
	assert.equal(new Registry(home).nodes().length, 1);
	const tilde = await runCli(['nodes', 'import', '~/TOOLS.md'], {env: {...env, HOME: home}});
	assert.equal(tilde.code, 1, '~ is expanded (same file, still with its bad rows)');
	assert.match(tilde.stdout, /0 added, 0 updated, 1 unchanged, 2 skipped/);
	const none = await runCli(['nodes', 'import', path.join(home, 'missing.md')], {env});
	assert.equal(none.code, 1);
	assert.match(none.stderr, /missing\.md: no such file/);
	fs.writeFileSync(path.join(home, 'prose.md'), '# nothing here\n');
	assert.match((await runCli(['nodes', 'import', path.join(home, 'prose.md')], {env})).stderr, /no node table found/);
	const masked = await runCli(['nodes', 'export'], {env});
	assert.match(masked.stdout, /\| AI电脑 \| 192\.168\.1\.52 \| 18789 \| ••••9a0b \|/);
	const revealed = await runCli(['nodes', 'export', '--reveal-tokens'], {env});
	assert.match(revealed.stdout, /f74bba0123456789a0b/);
});

test('a corrupt store gives a message naming the file, exit 1, file untouched', async () => {
	const home = tempDir();
	fs.writeFileSync(path.join(home, 'settings.json'), '{broken');
	const r = await runCli(['nodes', 'list'], {env: {MGW_TUI_HOME: home}});
	assert.equal(r.code, 1);
	assert.match(r.stderr, /settings\.json: not valid JSON/);
	assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
	assert.equal(fs.readFileSync(path.join(home, 'settings.json'), 'utf8'), '{broken');
});

test('the installed bin runs: version, and nodes add with the token piped on stdin', async () => {
	const home = tempDir();
	const v = await runBin(['--version']);
	assert.equal(v.code, 0, v.stderr);
	const a = await runBin(['nodes', 'add', 'AI电脑', '192.168.1.52'], {env: {MGW_TUI_HOME: home}, stdin: 'f74bba0123456789a0b\n'});
	assert.equal(a.code, 0, a.stderr);
	const l = await runBin(['nodes', 'list', '--json'], {env: {MGW_TUI_HOME: home}});
	assert.equal(JSON.parse(l.stdout)[0].name, 'AI电脑');
});

test('--version: the version of package.json; into a pipe already closed (mgw-tui --version | true): a quiet exit, no EPIPE stack trace', async () => {
	const v = await runBin(['--version']);
	assert.equal(v.stdout, `${(JSON.parse(fs.readFileSync(path.join(path.dirname(BIN), '..', 'package.json'), 'utf8')) as {version: string}).version}\n`);
	assert.equal(v.stderr, '');
	const child = spawn(process.execPath, [BIN, '--version'], {env: {PATH: process.env.PATH}, stdio: ['ignore', 'pipe', 'pipe']});
	child.stdout.destroy(); // our end is closed before node has even started: the write meets EPIPE
	let stderr = '';
	child.stderr.on('data', d => (stderr += d));
	const code = await new Promise<number | null>(resolve => child.on('close', c => resolve(c)));
	assert.equal(stderr, '', 'nothing on stderr');
	assert.equal(code, 0);
});

test('the console refuses to start without a terminal and points to the headless commands', async () => {
	const r = await runBin([], {env: {MGW_TUI_HOME: tempDir()}});
	assert.equal(r.code, 2);
	assert.match(r.stderr, /the console needs a terminal/);
});
