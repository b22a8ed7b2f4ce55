/** Handshakes before background work: with many nodes connecting at once, every node is online before any node's details are fetched. */
import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {Fleet} from '../source/net/fleet.js';
import {Dispatcher} from '../source/net/dispatcher.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {waitFor} from './helpers/wait.js';

const open: {stop(): unknown}[] = [];
afterEach(async () => {
	for (const o of open.splice(0).reverse()) await o.stop();
});

test("fleet limiter: queued handshakes go before queued background work, whatever the order they were queued in", async () => {
	const fleet = new Fleet(memoryCredentials(), {version: 'test'}, 2);
	open.push(fleet);
	const limit = fleet.opts.limit!;
	const order: string[] = [];
	let release!: () => void;
	const gate = new Promise<void>(r => (release = r));
	const job = (name: string, background: boolean) => limit(async () => {
		order.push(name);
		await gate;
	}, background);
	const all = [job('h1', false), job('h2', false), job('b1', true), job('h3', false), job('b2', true), job('h4', false)];
	await waitFor(() => order.length === 2, {what: 'two slots taken'});
	release();
	await Promise.all(all);
	assert.deepEqual(order, ['h1', 'h2', 'h3', 'h4', 'b1', 'b2']);
});

test('many nodes at once, few slots: every handshake is done before any node is asked for its runs, pairing requests, limits or load', async () => {
	const seq: string[] = [];
	const n = 8;
	const gws = await Promise.all(
		Array.from({length: n}, (_, i) =>
			startTestGateway({
				hello: h => (seq.push(`hello ${i}`), h),
				methods: {
					'sessions.list': () => (seq.push(`sessions.list ${i}`), {sessions: []}),
					'system.info': () => (seq.push(`system.info ${i}`), {}),
					'config.get': () => (seq.push(`config.get ${i}`), {raw: '{}'}),
				},
			}),
		),
	);
	open.push(...gws);
	const fleet = new Fleet(memoryCredentials(), {version: 'test', pollMs: 60_000, probeTimeoutMs: 2000}, 2);
	open.push(fleet);
	const nodes = gws.map((g, i) => ({name: `n${i}`, host: '127.0.0.1', port: g.port, token: 'test-token'}));
	new Dispatcher(fleet, () => nodes.map(x => ({name: x.name, tags: []})));
	fleet.sync(nodes);
	await waitFor(() => seq.filter(s => !s.startsWith('hello')).length >= 3 * n, {what: 'every node asked for its runs, load and limit'});
	const lastHello = Math.max(...seq.flatMap((s, i) => (s.startsWith('hello') ? [i] : [])));
	const firstOther = seq.findIndex(s => !s.startsWith('hello'));
	assert.equal(seq.filter(s => s.startsWith('hello')).length, n);
	assert.ok(lastHello < firstOther, `handshakes first: ${seq.join(', ')}`);
	assert.ok(Object.values(fleet.statuses()).every(s => s.state === 'online'));
});
