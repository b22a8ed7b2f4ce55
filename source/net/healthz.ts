import http from 'node:http';

export type HealthzResult = {ok: true; rttMs: number} | {ok: false; code: string; message: string; rttMs?: number};

/** GET /healthz: reachability and round trip. No auth needed on OpenClaw. */
export function probeHealthz(host: string, port: number, timeoutMs = 3000): Promise<HealthzResult> {
	return new Promise(resolve => {
		const t0 = performance.now();
		let done = false;
		const finish = (r: HealthzResult) => {
			if (done) return;
			done = true;
			resolve(r);
		};
		const req = http.get({host, port, path: '/healthz', timeout: timeoutMs, agent: false, headers: {connection: 'close'}}, res => {
			res.resume();
			res.on('end', () => {
				const rttMs = performance.now() - t0;
				if (res.statusCode === 200) finish({ok: true, rttMs});
				else finish({ok: false, code: `HTTP_${res.statusCode}`, message: `/healthz answered ${res.statusCode}`, rttMs});
			});
		});
		req.on('timeout', () => {
			req.destroy();
			finish({ok: false, code: 'ETIMEDOUT', message: `no answer within ${timeoutMs} ms`});
		});
		req.on('error', (e: NodeJS.ErrnoException) => finish({ok: false, code: e.code ?? 'EIO', message: e.message}));
	});
}
