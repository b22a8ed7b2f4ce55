import {test} from 'node:test';
import assert from 'node:assert/strict';
import {BurstMeter} from '../source/core/burst.js';

test('burst meter: a flood is seen from the event that passes the rate, not a window later (1 000 nodes coming online at start-up)', () => {
	const m = new BurstMeter(40);
	const seen = Array.from({length: 100}, (_, i) => m.hit(1000 + i)); // 100 events in 100 ms
	assert.equal(seen.indexOf(true), 40, 'the 41st event is a flood');
	assert.ok(seen.slice(40).every(Boolean));
});

test('burst meter: a steady trickle is never a flood; a flood lasts to the end of the window after it, then ends', () => {
	const m = new BurstMeter(40);
	for (let t = 0; t < 10_000; t += 100) assert.equal(m.hit(t), false, `10 a second at ${t} ms`);
	for (let i = 0; i < 50; i++) m.hit(20_000 + i);
	assert.equal(m.hit(20_900), true, 'same window');
	assert.equal(m.hit(21_100), true, 'the window after a flood');
	assert.equal(m.hit(22_200), false, 'the flood ended a window ago');
	assert.equal(m.hit(40_000), false, 'long quiet');
});
