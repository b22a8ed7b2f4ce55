/**
 * Password auth against a REAL OpenClaw 2026.9.6 gateway (gateway.auth.mode "password", what
 * Tailscale Funnel requires): the console sends the secret as connect auth.password.
 */
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startRealGateway, type RealGateway} from './gateway.js';
import {probeNode} from '../../source/net/probe-node.js';
import {memoryCredentials} from '../../source/net/credentials.js';
import {nextStep} from '../../source/core/node-state.js';

const PASSWORD = 'real-password-' + Math.random().toString(36).slice(2, 12);
let gw: RealGateway;
before(async () => {
	gw = await startRealGateway({token: PASSWORD, gatewayConfig: {replace: {mode: 'local', bind: 'loopback', auth: {mode: 'password', password: PASSWORD}}}});
});
after(async () => {
	await gw?.stop();
});

test('real gateway with password auth: a --password node connects with auth.password and comes online; a wrong password is named as such', async () => {
	const node = {name: 'funnel', host: '127.0.0.1', port: gw.port, token: PASSWORD, secretKind: 'password' as const};
	const ok = await probeNode(node, memoryCredentials(), {timeoutMs: 20_000});
	assert.equal(ok.state, 'online', `${ok.code} ${ok.detail}`);
	assert.match(ok.version ?? '', /2026\.9\.6/);
	const wrong = await probeNode({...node, token: 'not-the-password-123'}, memoryCredentials(), {timeoutMs: 20_000});
	assert.equal(wrong.state, 'auth-failed');
	assert.equal(wrong.code, 'AUTH_PASSWORD_MISMATCH');
	assert.match(nextStep(wrong, node), /password does not match; use gateway\.auth\.password of funnel/);
});
