import {spawn} from 'node:child_process';

export type Sample = {wallMs: number; rssMiB: number; cpuMs: number; code: number; stdout: string};

/**
 * Run a command and measure wall time, CPU time (user + system) and peak RSS (ru_maxrss of the
 * child, via python3's resource module — the same measure for every command compared).
 */
export function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
	const py = `import resource,subprocess,sys,time,json
t=time.perf_counter(); p=subprocess.run(sys.argv[1:],capture_output=True)
w=(time.perf_counter()-t)*1000
u=resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(json.dumps({"wallMs":w,"rssMiB":u.ru_maxrss/1024,"cpuMs":(u.ru_utime+u.ru_stime)*1000,"code":p.returncode})+"\\n"); sys.stdout.write(p.stdout.decode())`;
	return new Promise((resolve, reject) => {
		const c = spawn('python3', ['-c', py, cmd, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
		let out = '';
		let err = '';
		c.stdout.on('data', d => (out += d));
		c.stderr.on('data', d => (err += d));
		c.on('error', reject);
		c.on('close', () => {
			try {
				const m = JSON.parse(err.trim().split('\n').at(-1)!);
				resolve({...m, stdout: out});
			} catch {
				reject(new Error(`measure failed: ${err}`));
			}
		});
	});
}

export const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const percentile = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

export type Budget = {name: string; measured: string; budget: string; pass: boolean; details?: Record<string, unknown>};

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The lines a child writes, one per call of the returned function (in order, none lost). */
export function lineReader(stream: NodeJS.ReadableStream): () => Promise<string> {
	const lines: string[] = [];
	const waiting: ((l: string) => void)[] = [];
	let buf = '';
	stream.on('data', d => {
		buf += String(d);
		let i;
		while ((i = buf.indexOf('\n')) >= 0) {
			const l = buf.slice(0, i);
			buf = buf.slice(i + 1);
			const w = waiting.shift();
			if (w) w(l);
			else lines.push(l);
		}
	});
	return () => new Promise<string>(r => (lines.length ? r(lines.shift()!) : waiting.push(r)));
}
