import {test, mock} from 'node:test';
import assert from 'node:assert/strict';
import {PollClock} from '../source/net/poll-clock.js';

test('poll clock: 120 nodes, batches of ≤ 50 — 3 firings of 40 per round, every node once per round, one wake-up per batch', () => {
	mock.timers.enable({apis: ['setTimeout']});
	try {
		const clock = new PollClock(() => 3000, 50);
		const polled = new Map<number, number>();
		const firings: number[] = [];
		let current = 0;
		for (let i = 0; i < 120; i++)
			clock.add(() => {
				polled.set(i, (polled.get(i) ?? 0) + 1);
				current++;
			});
		// armed when the first node joined (one batch then: 3 000 ms); after that the round of
		// 120 is 3 batches of 40, a firing every 1 000 ms
		mock.timers.tick(2999);
		assert.equal(current, 0, 'not before its time');
		mock.timers.tick(1);
		firings.push(current);
		for (let f = 0; f < 2; f++) {
			current = 0;
			mock.timers.tick(999);
			assert.equal(current, 0, 'not before its time');
			mock.timers.tick(1);
			firings.push(current);
		}
		assert.deepEqual(firings, [40, 40, 40]);
		assert.equal(polled.size, 120);
		assert.ok([...polled.values()].every(n => n === 1), 'every node once per round');
		current = 0;
		mock.timers.tick(1000);
		assert.equal(current, 40, 'the next round starts');
		assert.equal(polled.get(0), 2);
		clock.stop();
	} finally {
		mock.timers.reset();
	}
});

test('poll clock: a node leaving mid-round is not polled again and no other node is skipped; an empty clock stops', () => {
	mock.timers.enable({apis: ['setTimeout']});
	try {
		const clock = new PollClock(() => 200, 2);
		const seen: string[] = [];
		const leave: Record<string, () => void> = {};
		for (const n of ['a', 'b', 'c', 'd']) leave[n] = clock.add(() => seen.push(n));
		mock.timers.tick(200); // armed with one batch: a, b
		leave.a!();
		mock.timers.tick(100); // c, d
		mock.timers.tick(100); // b, c
		assert.deepEqual(seen, ['a', 'b', 'c', 'd', 'b', 'c']);
		for (const n of ['b', 'c', 'd']) leave[n]!();
		assert.equal(clock.size, 0);
		seen.length = 0;
		mock.timers.tick(10_000);
		assert.deepEqual(seen, [], 'nothing fires once empty');
	} finally {
		mock.timers.reset();
	}
});
