import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {Registry} from '../source/store/registry.js';
import {StoreError} from '../source/store/errors.js';
import {parseNodeTable} from '../source/core/markdown-table.js';
import {readLocalGateway, locateOpenclawConfig} from '../source/store/openclaw-paths.js';
import {tempDir, GUIDE_TABLE} from './helpers/store.js';

const node = {name: 'AI电脑', host: '192.168.1.52', port: 18789, token: 'f74bba0123456789a0b', tags: ['gpu']};

test('store: round trip through a new Registry, token only in the 0600 secrets file', () => {
	const dir = tempDir();
	new Registry(dir).add(node);
	const again = new Registry(dir);
	assert.deepEqual(again.drafts(), [node]);
	const settingsText = fs.readFileSync(path.join(dir, 'settings.json'), 'utf8');
	assert.ok(!settingsText.includes(node.token), 'token never in the settings file');
	assert.ok(settingsText.includes('192.168.1.52'));
	const secrets = path.join(dir, 'secrets.json');
	assert.equal(fs.statSync(secrets).mode & 0o777, 0o600);
	assert.ok(fs.readFileSync(secrets, 'utf8').includes(node.token));
});

test('store: a secrets file with wider permissions is tightened to 0600 on load', () => {
	const dir = tempDir();
	new Registry(dir).add(node);
	fs.chmodSync(path.join(dir, 'secrets.json'), 0o644);
	new Registry(dir).drafts();
	assert.equal(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777, 0o600);
});

test('store: a corrupt settings file names the file and the problem and is never overwritten', () => {
	const dir = tempDir();
	const file = path.join(dir, 'settings.json');
	fs.writeFileSync(file, '{"nodes": [ {"name": "x", ');
	let err: unknown;
	try {
		const r = new Registry(dir);
		r.add(node);
	} catch (e) {
		err = e;
	}
	assert.ok(err instanceof StoreError);
	assert.equal((err as StoreError).file, file);
	assert.match((err as StoreError).message, /settings\.json: not valid JSON/);
	assert.equal(fs.readFileSync(file, 'utf8'), '{"nodes": [ {"name": "x", ', 'file untouched');
});

test('store: a hand-broken settings file (wrong shape) names the field', () => {
	const dir = tempDir();
	const file = path.join(dir, 'settings.json');
	const text = JSON.stringify({version: 1, nodes: [{name: 'a', host: '10.0.0.1', port: 99999, tags: []}]});
	fs.writeFileSync(file, text);
	const r = new Registry(dir);
	assert.throws(() => r.nodes(), (e: unknown) => e instanceof StoreError && /nodes\.0\.port/.test(e.message));
	assert.throws(() => r.add(node), StoreError);
	assert.equal(fs.readFileSync(file, 'utf8'), text);
});

test('store: a corrupt secrets file blocks writes and is left untouched', () => {
	const dir = tempDir();
	new Registry(dir).add(node);
	const file = path.join(dir, 'secrets.json');
	fs.writeFileSync(file, 'garbage');
	assert.throws(() => new Registry(dir).add({...node, name: 'other'}), /secrets\.json: not valid JSON/);
	assert.equal(fs.readFileSync(file, 'utf8'), 'garbage');
	const settings = JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'));
	assert.equal(settings.nodes.length, 1, 'settings not changed either');
});

test('store: update renames (token follows), keeps the token when empty, remove deletes the token', () => {
	const dir = tempDir();
	const r = new Registry(dir);
	r.add(node);
	r.update('AI电脑', {...node, name: 'ai-box', port: 19000, token: ''});
	assert.deepEqual(r.drafts(), [{...node, name: 'ai-box', port: 19000}]);
	assert.throws(() => r.add({...node, name: 'AI-BOX'}), /already exists/);
	r.remove('ai-box');
	assert.deepEqual(r.secrets().tokens, {});
	assert.throws(() => r.remove('ai-box'), /no node named/);
});

test("store: importing the guide's table twice updates instead of duplicating", () => {
	const dir = tempDir();
	const r = new Registry(dir);
	const first = r.import(parseNodeTable(GUIDE_TABLE));
	assert.deepEqual(first.added, ['AI电脑']);
	const second = r.import(parseNodeTable(GUIDE_TABLE.replace('192.168.1.52', '192.168.1.60')));
	assert.deepEqual(second.updated, ['AI电脑']);
	assert.equal(r.nodes().length, 1);
	assert.equal(r.nodes()[0]!.host, '192.168.1.60');
	const third = r.import(parseNodeTable(GUIDE_TABLE.replace('192.168.1.52', '192.168.1.60')));
	assert.deepEqual(third.unchanged, ['AI电脑']);
});

test('openclaw config: OPENCLAW_CONFIG_PATH, OPENCLAW_STATE_DIR and profiles; the local gateway is read from JSON5', () => {
	const dir = tempDir();
	assert.equal(locateOpenclawConfig({HOME: dir}).path, path.join(dir, '.openclaw', 'openclaw.json'));
	assert.equal(locateOpenclawConfig({HOME: dir}, 'work').path, path.join(dir, '.openclaw-work', 'openclaw.json'));
	assert.equal(locateOpenclawConfig({HOME: dir, OPENCLAW_STATE_DIR: '/x/state'}).path, '/x/state/openclaw.json');
	assert.equal(locateOpenclawConfig({HOME: dir, OPENCLAW_CONFIG_PATH: '/y/c.json'}).path, '/y/c.json');
	assert.equal(readLocalGateway({HOME: dir}), undefined, 'no config, no offer');
	fs.mkdirSync(path.join(dir, '.openclaw'));
	fs.writeFileSync(path.join(dir, '.openclaw', 'openclaw.json'), '{\n // comment\n gateway: {port: 28789, auth: {token: "local-token-1234",},},\n}');
	assert.deepEqual(readLocalGateway({HOME: dir}), {host: '127.0.0.1', port: 28789, token: 'local-token-1234', configPath: path.join(dir, '.openclaw', 'openclaw.json')});
});

test('store: secrets are parsed once per process and re-read only when the file changes (ours or another process)', () => {
	const dir = tempDir();
	const reg = new Registry(dir);
	reg.add(node);
	const first = reg.secrets();
	for (let i = 0; i < 1000; i++) assert.equal(reg.secrets(), first, 'the same parsed object while the file is unchanged');
	// another process (a second Registry) changes the file: seen at once
	new Registry(dir).add({...node, name: 'nas', token: 'tok-nas-1234'});
	assert.notEqual(reg.secrets(), first);
	assert.equal(reg.token('nas'), 'tok-nas-1234');
	// our own write refreshes the cache without a stale read
	reg.remove('nas');
	assert.equal(reg.token('nas'), undefined);
});

test('store: 1 000 device tokens from first contacts are written in one atomic batch, seen before and after the write', async () => {
	const {storeCredentials} = await import('../source/store/credentials.js');
	const dir = tempDir();
	const reg = new Registry(dir);
	const creds = storeCredentials(reg, {batchMs: 50});
	const id = creds.identity();
	assert.equal(creds.identity(), creds.identity(), 'device key read once');
	let writes = 0;
	const save = reg.secretsFile.save.bind(reg.secretsFile);
	reg.secretsFile.save = v => (writes++, save(v));
	for (let i = 0; i < 1000; i++) creds.saveDeviceToken(`n${i}`, {token: `t${i}`, deviceId: id.deviceId, scopes: [], gateway: `127.0.0.1:${i}`});
	assert.equal(creds.deviceToken('n7', '127.0.0.1:7')?.token, 't7', 'a queued token is used before it is written');
	assert.equal(writes, 0);
	await new Promise(r => setTimeout(r, 200));
	assert.equal(writes, 1, 'one write for the whole batch');
	assert.equal(Object.keys(new Registry(dir).secrets().deviceTokens).length, 1000);
	creds.dropDeviceToken('n7');
	assert.equal(creds.deviceToken('n7', '127.0.0.1:7'), undefined);
	creds.flush();
	assert.equal(writes, 2);
	assert.equal(new Registry(dir).secrets().deviceTokens.n7, undefined);
	assert.equal(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777, 0o600);
});
