import {spawn, type ChildProcess} from 'node:child_process';
import {EventEmitter} from 'node:events';
import net from 'node:net';
import {backoffDelay} from '../core/backoff.js';
import {parseSshTarget, sshDestination} from '../core/route.js';
import {classifySshStderr, sshDetail, splitCommand, type SshCode} from '../core/ssh-classify.js';

export type TunnelState =
	| {phase: 'starting'}
	| {phase: 'up'; localPort: number; pid: number}
	| {phase: 'failed'; code: SshCode | 'SSH_MISSING'; detail: string}
	| {phase: 'stopped'};

export type TunnelOptions = {
	env?: NodeJS.ProcessEnv;
	backoff?: {baseMs: number; maxMs: number};
	serverAliveSeconds?: number;
};

/** Every ssh child alive in this process, killed by PID when the process exits or is told to stop. */
const live = new Set<ChildProcess>();
let hooked = false;
function hookExit(): void {
	if (hooked) return;
	hooked = true;
	const killAll = () => {
		for (const c of live) {
			try {
				if (c.pid) process.kill(c.pid, 'SIGTERM');
			} catch {}
		}
		live.clear();
	};
	process.on('exit', killAll);
	for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
		const onSig = () => {
			killAll();
			// only ours: behave as if we had not listened (default: exit by that signal)
			if (process.listenerCount(sig) === 1) {
				process.off(sig, onSig);
				process.kill(process.pid, sig);
			}
		};
		process.on(sig, onSig);
	}
}

/** The number of ssh children alive (tests check that none outlives its owner). */
export const liveTunnels = () => live.size;

export function freeLocalPort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const p = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(p));
		});
	});
}

/** The ssh argv (no secrets: the gateway secret never goes to ssh). `MGW_TUI_SSH_COMMAND` replaces `ssh`. */
export function sshArgv(target: string, localPort: number, remoteHost: string, remotePort: number, env: NodeJS.ProcessEnv, aliveSeconds = 15): string[] {
	const t = parseSshTarget(target);
	if ('error' in t) throw new Error(`ssh target: ${t.error}`);
	const cmd = env.MGW_TUI_SSH_COMMAND ? splitCommand(env.MGW_TUI_SSH_COMMAND) : ['ssh'];
	if ('error' in cmd) throw new Error(cmd.error);
	const remote = remoteHost.includes(':') ? `[${remoteHost}]` : remoteHost;
	return [
		...cmd,
		'-N',
		'-L',
		`127.0.0.1:${localPort}:${remote}:${remotePort}`,
		'-o',
		'BatchMode=yes',
		'-o',
		'ExitOnForwardFailure=yes',
		'-o',
		`ServerAliveInterval=${aliveSeconds}`,
		'-o',
		'ServerAliveCountMax=3',
		'-o',
		'ConnectTimeout=10',
		'--',
		sshDestination(t),
	];
}

const SECRET_ENV = /^(MGW_TUI_TOKEN|OPENCLAW_GATEWAY_(TOKEN|PASSWORD))$/;

/**
 * A supervised `ssh -N -L` tunnel: restarted with backoff when ssh exits, its stderr
 * classified into states, up once the local end accepts connections. stop() kills it by PID.
 * Emits 'state' (TunnelState) and 'channel-failed' (the remote port refused a forwarded connection).
 */
export class SshTunnel extends EventEmitter {
	state: TunnelState = {phase: 'starting'};
	#child?: ChildProcess;
	#stopped = false;
	#attempt = 0;
	#timer?: NodeJS.Timeout;
	#stderr = '';
	channelFailedAt = 0;

	constructor(
		readonly target: string,
		readonly remoteHost: string,
		readonly remotePort: number,
		readonly opts: TunnelOptions = {},
	) {
		super();
		this.setMaxListeners(50);
	}

	start(): this {
		hookExit();
		void this.#spawn();
		return this;
	}

	get pid(): number | undefined {
		return this.#child?.pid;
	}

	#set(s: TunnelState): void {
		this.state = s;
		this.emit('state', s);
	}

	async #spawn(): Promise<void> {
		if (this.#stopped) return;
		this.#set({phase: 'starting'});
		const env = Object.fromEntries(Object.entries(this.opts.env ?? process.env).filter(([k]) => !SECRET_ENV.test(k)));
		let argv: string[];
		let port: number;
		try {
			port = await freeLocalPort();
			argv = sshArgv(this.target, port, this.remoteHost, this.remotePort, env, this.opts.serverAliveSeconds);
		} catch (e) {
			return this.#failed({code: 'SSH_EXITED', detail: (e as Error).message}, false);
		}
		if (this.#stopped) return;
		const child = spawn(argv[0]!, argv.slice(1), {stdio: ['ignore', 'ignore', 'pipe'], env});
		this.#child = child;
		if (child.pid) live.add(child);
		this.#stderr = '';
		let exited = false;
		child.stderr!.setEncoding('utf8');
		child.stderr!.on('data', (d: string) => {
			this.#stderr = (this.#stderr + d).slice(-8192);
			if (classifySshStderr(d) === 'SSH_NO_GATEWAY') {
				this.channelFailedAt = Date.now();
				this.emit('channel-failed', sshDetail(d));
			}
		});
		child.once('error', (e: NodeJS.ErrnoException) => {
			exited = true;
			live.delete(child);
			this.#failed(e.code === 'ENOENT' ? {code: 'SSH_MISSING', detail: `${argv[0]} not found`} : {code: 'SSH_EXITED', detail: e.message}, true);
		});
		child.once('exit', (code, signal) => {
			if (exited) return;
			exited = true;
			live.delete(child);
			if (this.#stopped) return this.#set({phase: 'stopped'});
			const text = this.#stderr;
			const c = classifySshStderr(text) ?? 'SSH_EXITED';
			this.#failed({code: c, detail: text.trim() ? sshDetail(text) : `ssh exited (${signal ?? code})`}, c !== 'SSH_PORT_BUSY');
		});
		// up once the local end accepts a connection (ssh listens only after logging in)
		const deadline = Date.now() + 30_000;
		while (!exited && !this.#stopped && Date.now() < deadline) {
			if (await accepts(port)) {
				if (exited || this.#stopped) return;
				this.#attempt = 0;
				return this.#set({phase: 'up', localPort: port, pid: child.pid!});
			}
			await new Promise(r => setTimeout(r, 100));
		}
		if (!exited && !this.#stopped) {
			this.#kill();
			this.#failed({code: 'SSH_TIMEOUT', detail: 'the tunnel did not come up within 30 s'}, true);
		}
	}

	#failed(f: {code: SshCode | 'SSH_MISSING'; detail: string}, backoff: boolean): void {
		if (this.#stopped) return;
		this.#set({phase: 'failed', ...f});
		const ms = backoff ? backoffDelay(this.#attempt++, this.opts.backoff ?? {baseMs: 1000, maxMs: 30_000}) : 0;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#spawn(), ms);
	}

	/** Wait until the tunnel is up (or has failed, or `timeoutMs` passed). */
	ready(timeoutMs: number): Promise<TunnelState> {
		if (this.state.phase === 'up' || this.state.phase === 'stopped') return Promise.resolve(this.state);
		return new Promise(resolve => {
			const t = setTimeout(() => {
				this.off('state', on);
				resolve(this.state.phase === 'starting' ? {phase: 'failed', code: 'SSH_TIMEOUT', detail: `the tunnel did not come up within ${timeoutMs} ms`} : this.state);
			}, timeoutMs);
			const on = (s: TunnelState) => {
				if (s.phase === 'starting') return;
				clearTimeout(t);
				this.off('state', on);
				resolve(s);
			};
			this.on('state', on);
		});
	}

	/** Restart now (e.g. the forwarded connection died). */
	restart(): void {
		this.#kill();
	}

	#kill(): void {
		const c = this.#child;
		if (c?.pid && c.exitCode === null && c.signalCode === null) {
			try {
				process.kill(c.pid, 'SIGTERM');
			} catch {}
		}
	}

	/** Kill ssh (by PID) and resolve once it has exited. */
	stop(): Promise<void> {
		this.#stopped = true;
		clearTimeout(this.#timer);
		const c = this.#child;
		this.#set({phase: 'stopped'});
		if (!c || c.exitCode !== null || c.signalCode !== null || !c.pid) {
			if (c) live.delete(c);
			return Promise.resolve();
		}
		return new Promise(resolve => {
			const hard = setTimeout(() => {
				try {
					process.kill(c.pid!, 'SIGKILL');
				} catch {}
			}, 3000);
			c.once('exit', () => {
				clearTimeout(hard);
				live.delete(c);
				resolve();
			});
			this.#kill();
		});
	}
}

function accepts(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const s = net.connect({host: '127.0.0.1', port});
		s.once('connect', () => {
			s.destroy();
			resolve(true);
		});
		s.once('error', () => resolve(false));
	});
}
