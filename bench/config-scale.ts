/**
 * `config check` / `config fix` on a 50 MB openclaw.json (JSON5: comments and unquoted keys, so
 * the strict-JSON fast path does not apply; a gateway section with a 20 000-entry trustedProxies
 * and the guide's "0.0.0.0"). The built CLI is spawned; wall time and peak RSS measured outside.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {measure, median, type Budget} from './lib.js';

const CLI = path.resolve('bin/mgw-tui.js');

export function bigConfig(targetBytes: number): string {
	const proxies = Array.from({length: 20_000}, (_, i) => `"10.${(i >> 8) & 255}.${i & 255}.1"`).join(', ');
	const head = `// a big, real-looking openclaw.json\n{\n  gateway: {\n    mode: "local",\n    bind: "0.0.0.0", // the guide's mistake\n    auth: {mode: "token", token: "a9Kq2vX7mPz4LwR8nB3cD6fH"},\n    controlUi: {allowedOrigins: ["http://192.168.1.52:18789"]},\n    trustedProxies: [${proxies}],\n  },\n  sessions: {\n`;
	const parts: string[] = [head];
	let size = head.length;
	for (let i = 0; size < targetBytes; i++) {
		const s = `    s${i}: {title: 'session ${i}', tags: ["a", "b"], turns: ${i % 97}, note: "line with a \\"quote\\" and ünïcode"}, // ${i}\n`;
		parts.push(s);
		size += s.length;
	}
	parts.push('  },\n}\n');
	return parts.join('');
}

export async function configScale(runs = 3): Promise<Budget[]> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mgw-bench-config-'));
	const file = path.join(dir, 'openclaw.json');
	const text = bigConfig(50 * 1024 * 1024);
	const env = {PATH: process.env.PATH};
	const out: Budget[] = [];
	try {
		for (const [name, args] of [
			['check', ['config', 'check', '--config', file]],
			['fix', ['config', 'fix', '--yes', '--config', file]],
		] as const) {
			const wall: number[] = [];
			const rss: number[] = [];
			for (let r = 0; r < runs; r++) {
				fs.writeFileSync(file, text);
				const s = await measure(process.execPath, [CLI, ...args], env);
				if (name === 'fix' && !/bind": "lan"|bind: "lan"/.test(fs.readFileSync(file, 'utf8').slice(0, 400_000))) throw new Error(`config fix did not fix the 50 MB file (exit ${s.code})`);
				wall.push(s.wallMs);
				rss.push(s.rssMiB);
				for (const f of fs.readdirSync(dir)) if (f.endsWith('.bak')) fs.rmSync(path.join(dir, f));
			}
			const w = median(wall);
			const m = Math.max(...rss);
			out.push({name: `config ${name}, 50 MB JSON5 file: wall`, measured: `${(w / 1000).toFixed(2)} s median of ${runs}`, budget: '< 5 s', pass: w < 5000, details: {wall}});
			out.push({name: `config ${name}, 50 MB JSON5 file: peak RSS`, measured: `${m.toFixed(0)} MiB`, budget: '< 500 MiB', pass: m < 500, details: {rss}});
		}
	} finally {
		fs.rmSync(dir, {recursive: true, force: true});
	}
	return out;
}
