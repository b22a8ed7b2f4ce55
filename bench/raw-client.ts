/**
 * Child process for the dispatch-overhead benchmark: the plainest possible client — `ws`, the
 * protocol-4 handshake, nothing else. Prints {runId, firstDeltaAt} (epoch ms, µs precision) the
 * moment the first assistant delta of each run arrives; "send ID" on stdin starts a run.
 */
import WebSocket from 'ws';

const [url, token] = process.argv.slice(2) as [string, string];
const now = () => performance.timeOrigin + performance.now();
const ws = new WebSocket(url);
const seen = new Set<string>();
let n = 0;
ws.on('message', data => {
	const f = JSON.parse(String(data));
	if (f.type === 'event' && f.event === 'connect.challenge') {
		ws.send(JSON.stringify({type: 'req', id: 'c', method: 'connect', params: {minProtocol: 4, maxProtocol: 4, client: {id: 'cli', version: '0', platform: process.platform, mode: 'cli'}, role: 'operator', scopes: ['operator.read', 'operator.write', 'operator.admin'], caps: [], auth: {token}}}));
	} else if (f.type === 'res' && f.id === 'c') {
		process.stdout.write(JSON.stringify({ready: f.ok}) + '\n');
	} else if (f.type === 'res' && f.payload?.status === 'accepted') {
		process.stdout.write(JSON.stringify({runId: f.payload.runId, acceptedAt: now()}) + '\n');
	} else if (f.type === 'event' && f.event === 'agent' && f.payload?.stream === 'assistant' && !seen.has(f.payload.runId)) {
		seen.add(f.payload.runId);
		process.stdout.write(JSON.stringify({runId: f.payload.runId, firstDeltaAt: now()}) + '\n');
	}
});
process.stdin.on('data', d => {
	for (const line of String(d).split('\n')) {
		const m = /^send (\S+)/.exec(line);
		if (m) ws.send(JSON.stringify({type: 'req', id: `r${++n}`, method: 'agent', params: {message: 'hello', sessionKey: `agent:main:raw-${m[1]!.slice(0, 8)}`, idempotencyKey: m[1], deliver: false}}));
	}
});
