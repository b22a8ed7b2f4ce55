import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatRtt, formatUptime, settleStatus, settleStatuses} from '../source/core/node-view.js';
import type {NodeStatus} from '../source/core/node-state.js';

const sys = (load: number, free = 6 * 2 ** 30) => ({cpuCount: 4, loadAverage: [load * 4, 1, 1], memoryFreeBytes: free, uptimeMs: 1});
const st = (rttMs: number, load = 0.3, extra: Partial<NodeStatus> = {}): NodeStatus => ({state: 'online', rttMs, rttSettled: true, version: '2026.9.6', system: sys(load), uptimeMs: 60_000, uptimeAt: 1, ...extra});

test('node view: RTT to two significant figures, uptime in whole hours or days', () => {
	assert.deepEqual([0.4, 7.4, 12.3, 137, 1234, undefined].map(formatRtt), ['<1ms', '7ms', '12ms', '140ms', '1.2s', '—']);
	assert.deepEqual([59 * 60_000, 3 * 3_600_000 + 5, 50 * 3_600_000].map(formatUptime), ['<1h', '3h', '2d']);
});

test('node view: jitter inside the band is the same object (no render); a real change is a new one', () => {
	const shown = st(1.2);
	// loopback jitter, a load wobble, free memory moving by a few MB, a poll an hour later in the same hour bucket
	for (const next of [st(0.4), st(2.9), st(11), st(1.1, 0.33), st(1.5, 0.27), {...st(1), system: sys(0.3, 6 * 2 ** 30 - 2 ** 24)}, {...st(1), uptimeMs: 70_000, uptimeAt: 5000}]) {
		assert.equal(settleStatus(shown, next, 10_000), shown, JSON.stringify(next));
	}
	assert.notEqual(settleStatus(shown, st(40), 0), shown, 'slow is visible');
	assert.notEqual(settleStatus(shown, st(1, 0.6), 0), shown, 'load 0.3 → 0.6 is visible');
	assert.notEqual(settleStatus(shown, st(1, 0.3, {state: 'degraded'}), 0), shown, 'a state change is visible');
	assert.notEqual(settleStatus(shown, st(1, 0.3, {activeRuns: 2}), 0), shown, 'runs are visible');
	assert.notEqual(settleStatus(shown, st(1), 3_600_000, 0), shown, 'uptime crossing into the next hour is visible');
	assert.equal(settleStatus(shown, st(1), 3_000_000, 0), shown, 'still under an hour');
	// the band follows the shown value, not the last raw one: a slow creep moves it once
	const a = settleStatus(shown, st(33), 0);
	assert.equal(a.rttMs, 33);
	assert.equal(settleStatus(a, st(60), 0), a);
	assert.equal(settleStatus(a, st(17), 0), a);
	assert.notEqual(settleStatus(a, st(70), 0), a);
});

test('node view: an RTT from before three pings is no anchor — an early outlier is replaced by the first settled median, then the band holds', () => {
	// the first contact's round trip, made while 50 nodes connected at once
	const early = st(24, 0.3, {rttSettled: false});
	const first = settleStatus(early, st(5), 0);
	assert.equal(first.rttMs, 5, 'inside the 20 ms band of 24, but 24 was no anchor');
	// from then on jitter of the settled median is no redraw (before: 24 stayed until one ping came in at 3 ms, a minute later)
	for (const r of [3, 4, 6, 9]) assert.equal(settleStatus(first, st(r), 0), first, `${r} ms`);
	// early values are shown as they come
	assert.equal(settleStatus(early, st(30, 0.3, {rttSettled: false}), 0).rttMs, 30);
});

test('node view: 50 nodes polled with jitter give the same record back', () => {
	const prev = Object.fromEntries(Array.from({length: 50}, (_, i) => [`n${i}`, st(1 + (i % 3))]));
	const next = Object.fromEntries(Array.from({length: 50}, (_, i) => [`n${i}`, st(1 + ((i + 1) % 3), 0.3 + (i % 2) * 0.02)]));
	assert.equal(settleStatuses(prev, next, 0), prev);
	const changed = {...next, n7: st(1, 0.3, {state: 'unreachable'})};
	const out = settleStatuses(prev, changed, 0);
	assert.notEqual(out, prev);
	assert.equal(out.n6, prev.n6, 'unchanged nodes keep their object');
	assert.equal(out.n7!.state, 'unreachable');
	assert.notEqual(settleStatuses(prev, {...next, n50: st(1)}, 0), prev, 'a new node is a change');
});
