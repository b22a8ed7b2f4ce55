/**
 * Proven on a real test LAN: the console on this machine, real OpenClaw 2026.9.6 gateways on
 * "another computer" (a network namespace, see lab.ts). Needs root; under CI=true these tests
 * must run (a missing prerequisite fails them), elsewhere they skip with the reason printed.
 */
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {labUnavailable, labUp, GW_PORT, type Lab} from './lab.js';
import {NodeConnection} from '../../source/net/node-connection.js';
import {memoryCredentials} from '../../source/net/credentials.js';
import {probeNode} from '../../source/net/probe-node.js';
import {liveTunnels} from '../../source/net/ssh-tunnel.js';
import {nextStep, type NodeStatus} from '../../source/core/node-state.js';
import type {Target} from '../../source/net/connect.js';
import {waitFor} from '../helpers/wait.js';

const why = labUnavailable();
if (why && process.env.CI === 'true') throw new Error(`LAN tests are required under CI=true but cannot run: ${why}`);
if (why) console.log(`# LAN tests skipped: ${why}`);
const lanTest = why ? test.skip : test;

let lab: Lab;
const creds = memoryCredentials();
const conns: NodeConnection[] = [];
const opts = {version: 'test', pollMs: 1000, probeTimeoutMs: 1500, connectTimeoutMs: 8000, backoff: {baseMs: 300, maxMs: 2000}, pairingRetryMs: 500};

before(async () => {
	if (why) return;
	const t0 = Date.now();
	lab = await labUp();
	console.log(`# lan lab up in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${lab.ns} ${lab.ip}`);
}, {timeout: 600_000});

after(async () => {
	await Promise.all(conns.splice(0).map(c => c.stop()));
	await lab?.down();
});

const connect = (t: Target, extra: Record<string, unknown> = {}) => {
	const c = new NodeConnection(t, creds, {...opts, ...extra});
	const seen: NodeStatus[] = [];
	c.on('status', (s: NodeStatus) => seen.push({...s}));
	conns.push(c);
	c.start();
	return {c, seen};
};
const until = (c: NodeConnection, pred: (s: NodeStatus) => boolean, what: string, timeoutMs = 60_000) => waitFor(() => (pred(c.status) ? c.status : undefined), {timeoutMs, stepMs: 100, what});
const approve = async (gw: 'lan' | 'tls', requestId: string) => {
	const r = await lab.oc(gw, ['devices', 'approve', requestId]);
	assert.equal(r.code, 0, `openclaw devices approve on the lab computer: ${r.stdout}\n${r.stderr}`);
};

void lanTest('LAN ws, bind "lan": pairing really required, approved with the real openclaw CLI on that computer, then online', {timeout: 180_000}, async () => {
	const node = {name: 'lan', host: lab.ip, port: GW_PORT.lan, token: lab.token};
	const {c} = connect(node);
	const p = await until(c, s => s.state === 'pairing-required' && Boolean(s.requestId), 'pairing-required');
	assert.equal(nextStep(p, node), `on lan run: openclaw devices approve ${p.requestId}`);
	await approve('lan', p.requestId!);
	const s = await until(c, st => st.state === 'online', 'online after approval');
	assert.match(s.version ?? '', /2026\.9\.6/);
});

void lanTest('LAN TLS, bind "lan": unpinned shows the fingerprint, wrong pin refused, ws:// diagnosed, right pin pairs and comes online', {timeout: 180_000}, async () => {
	const base = {name: 'tls', host: lab.ip, port: GW_PORT.tls, token: lab.token, scheme: 'wss' as const};
	const wrong = 'AB:'.repeat(31) + 'CD';
	const [unpinned, mismatch, plain] = await Promise.all([
		probeNode(base, memoryCredentials(), {timeoutMs: 5000}),
		probeNode({...base, tlsFingerprint: wrong}, memoryCredentials(), {timeoutMs: 5000}),
		probeNode({...base, scheme: undefined}, memoryCredentials(), {timeoutMs: 5000}),
	]);
	assert.equal(unpinned.state, 'tls-untrusted');
	assert.equal(unpinned.presented, lab.tlsSha256, 'the fingerprint shown is the one in gateway/tls/gateway-cert.pem on that computer');
	assert.equal(mismatch.state, 'tls-mismatch');
	assert.equal(mismatch.presented, lab.tlsSha256);
	assert.ok(nextStep(mismatch, {...base, tlsFingerprint: wrong}).includes(wrong));
	assert.equal(plain.code, 'TLS_REQUIRED', 'OpenClaw with gateway.tls: ws:// is diagnosed, not "unreachable"');
	const {c} = connect({...base, tlsFingerprint: lab.tlsSha256});
	const p = await until(c, s => s.state === 'pairing-required' && Boolean(s.requestId), 'pairing over wss');
	await approve('tls', p.requestId!);
	const s = await until(c, st => st.state === 'online', 'online over wss');
	assert.equal(s.presented, lab.tlsSha256);
});

void lanTest('LAN SSH: bind "loopback" behind a real sshd, through the system ssh client: online with no pairing; ssh stopped with the node', {timeout: 120_000}, async () => {
	const node = {name: 'lo', host: '127.0.0.1', port: GW_PORT.lo, token: lab.token, ssh: 'lab'};
	const env = {PATH: process.env.PATH, MGW_TUI_SSH_COMMAND: `ssh -F ${lab.sshConfig}`};
	const {c, seen} = connect(node, {env});
	await until(c, s => s.state === 'online', 'online through ssh');
	assert.ok(!seen.some(s => s.state === 'pairing-required'), 'a loopback client (through the tunnel) needs no pairing');
	const pid = c.route.tunnel!.pid!;
	await c.stop();
	assert.throws(() => process.kill(pid, 0), 'the ssh process is gone');
	assert.equal(liveTunnels(), 0);
	// the same gateway straight over the LAN: nothing listens there (bind "loopback")
	const direct = await probeNode({...node, host: lab.ip, ssh: undefined}, memoryCredentials(), {timeoutMs: 3000});
	assert.equal(direct.state, 'unreachable');
	assert.equal(direct.code, 'ECONNREFUSED');
});

void lanTest('cable pulled (link down): unreachable by timeout; plugged back in: online by itself', {timeout: 180_000}, async () => {
	const node = {name: 'lan', host: lab.ip, port: GW_PORT.lan, token: lab.token};
	const {c: old} = connect(node);
	await until(old, s => s.state === 'online', 'online before the cut (device already approved)');
	lab.cut();
	try {
		const probe = await probeNode(node, creds, {timeoutMs: 3000});
		assert.equal(probe.state, 'unreachable');
		// packets vanish: a timeout (the kernel may report EHOSTUNREACH once ARP times out), never a refusal
		const silent = ['ETIMEDOUT', 'EHOSTUNREACH'];
		assert.ok(silent.includes(probe.code!), probe.code);
		const {c: fresh} = connect({...node, name: 'lan2'});
		const s = await until(fresh, st => st.state === 'unreachable', 'unreachable while cut');
		assert.ok(silent.includes(s.code!), s.code);
		await until(old, st => st.state !== 'online', 'the connected node notices the cut');
		lab.heal();
		await until(fresh, st => st.state === 'online', 'back online by itself', 90_000);
		await until(old, st => st.state === 'online', 'back online by itself', 90_000);
	} finally {
		lab.heal();
	}
});
