import {test} from 'node:test';
import assert from 'node:assert/strict';
import {classifyFailure, scopesSatisfied} from '../source/core/classify.js';
import {backoffDelay} from '../source/core/backoff.js';

test('failures map to node states like `openclaw gateway probe`', () => {
	const table: [Parameters<typeof classifyFailure>[0], string, string?][] = [
		[{kind: 'transport', code: 'ECONNREFUSED', message: 'x'}, 'unreachable', 'ECONNREFUSED'],
		[{kind: 'transport', code: 'ENOTFOUND', message: 'x'}, 'unreachable', 'ENOTFOUND'],
		[{kind: 'timeout', message: 'no hello'}, 'unreachable', 'ETIMEDOUT'],
		[{kind: 'closed', closeCode: 1002, reason: 'protocol mismatch'}, 'protocol-mismatch', 'PROTOCOL_MISMATCH'],
		[{kind: 'closed', closeCode: 1008, reason: 'unauthorized'}, 'auth-failed'],
		[{kind: 'closed', closeCode: 4001, reason: 'gateway auth changed'}, 'connecting', 'AUTH_CHANGED'],
		[{kind: 'closed', closeCode: 1006, reason: ''}, 'unreachable', 'CLOSE_1006'],
		[{kind: 'rejected', code: 'INVALID_REQUEST', detailsCode: 'AUTH_TOKEN_MISMATCH', message: 'unauthorized: gateway token mismatch'}, 'auth-failed', 'AUTH_TOKEN_MISMATCH'],
		[{kind: 'rejected', code: 'INVALID_REQUEST', detailsCode: 'AUTH_RATE_LIMITED', message: 'x', retryAfterMs: 60000}, 'auth-failed', 'AUTH_RATE_LIMITED'],
		[{kind: 'rejected', code: 'NOT_PAIRED', detailsCode: 'PAIRING_REQUIRED', message: 'pairing required', requestId: 'r1'}, 'pairing-required', 'PAIRING_REQUIRED'],
		[{kind: 'rejected', code: 'INVALID_REQUEST', detailsCode: 'PROTOCOL_MISMATCH', message: 'protocol mismatch'}, 'protocol-mismatch'],
		[{kind: 'rejected', code: 'UNAVAILABLE', message: 'starting', retryAfterMs: 500}, 'connecting'],
		[{kind: 'rejected', code: 'INVALID_REQUEST', detailsCode: 'DEVICE_AUTH_SIGNATURE_EXPIRED', message: 'x'}, 'auth-failed', 'DEVICE_AUTH_SIGNATURE_EXPIRED'],
	];
	for (const [f, state, code] of table) {
		const c = classifyFailure(f);
		assert.equal(c.state, state, JSON.stringify(f));
		if (code) assert.equal(c.code, code, JSON.stringify(f));
	}
	assert.equal(classifyFailure({kind: 'rejected', code: 'NOT_PAIRED', detailsCode: 'PAIRING_REQUIRED', message: '', requestId: 'abc'}).requestId, 'abc');
	assert.equal(classifyFailure({kind: 'rejected', code: 'UNAVAILABLE', message: '', retryAfterMs: 700}).retryAfterMs, 700);
});

test('scopes: admin satisfies all, write implies read, read alone is limited', () => {
	assert.equal(scopesSatisfied(['operator.admin']), true);
	assert.equal(scopesSatisfied(['operator.write']), true);
	assert.equal(scopesSatisfied(['operator.read']), false);
	assert.equal(scopesSatisfied([]), false);
});

test('backoff: exponential, capped, jittered between 50 and 100 %', () => {
	assert.equal(backoffDelay(0, {baseMs: 500, maxMs: 30_000}, () => 1), 500);
	assert.equal(backoffDelay(3, {baseMs: 500, maxMs: 30_000}, () => 1), 4000);
	assert.equal(backoffDelay(3, {baseMs: 500, maxMs: 30_000}, () => 0), 2000);
	assert.equal(backoffDelay(20, {baseMs: 500, maxMs: 30_000}, () => 1), 30_000);
	assert.equal(backoffDelay(1000, {baseMs: 500, maxMs: 30_000}, () => 0.5), 22_500);
	const spread = new Set(Array.from({length: 50}, () => backoffDelay(4)));
	assert.ok(spread.size > 10, 'jitter spreads reconnects');
});
