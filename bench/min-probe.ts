/**
 * The plainest client doing what `mgw-tui status` does for one node: GET /healthz, the
 * protocol-4 WebSocket handshake with the token, system.info, close; prints one JSON line.
 * `status` is compared with it side by side (its start-up, store and output are the overhead).
 */
import http from 'node:http';
import WebSocket from 'ws';

const [host, port, token] = process.argv.slice(2) as [string, string, string];
const t0 = performance.now();
await new Promise<void>((resolve, reject) => http.get({host, port, path: '/healthz', agent: false}, res => res.resume().on('end', resolve)).on('error', reject));
const rttMs = performance.now() - t0;
const ws = new WebSocket(`ws://${host}:${port}`);
const info = await new Promise<unknown>((resolve, reject) => {
	ws.on('error', reject);
	ws.on('message', data => {
		const f = JSON.parse(String(data));
		if (f.type === 'event' && f.event === 'connect.challenge') {
			ws.send(JSON.stringify({type: 'req', id: 'c', method: 'connect', params: {minProtocol: 4, maxProtocol: 4, client: {id: 'cli', version: '0', platform: process.platform, mode: 'cli'}, role: 'operator', scopes: ['operator.read'], caps: [], auth: {token}}}));
		} else if (f.type === 'res' && f.id === 'c') {
			if (!f.ok) reject(new Error(JSON.stringify(f.error)));
			ws.send(JSON.stringify({type: 'req', id: 's', method: 'system.info', params: {}}));
		} else if (f.type === 'res' && f.id === 's') resolve(f.payload);
	});
});
ws.close();
process.stdout.write(JSON.stringify({state: 'online', rttMs, info}) + '\n');
