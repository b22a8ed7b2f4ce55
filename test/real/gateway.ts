/**
 * A real OpenClaw 2026.9.6 gateway on 127.0.0.1 for the test suite, with the fake
 * OpenAI-compatible model and the loopback guard preloaded. Processes are started in their
 * own session and stopped by the PIDs recorded here — never by name.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {before, after} from 'node:test';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {ensureInstalled, NODE24, NODE_BIN_DIR, OPENCLAW, ROOT, fakeModelSections} from './install.js';
import {GatewayClient} from '../../source/net/gateway-client.js';

const HERE = path.join(ROOT, 'test', 'real');

/** Run the real `openclaw` CLI (Node 24) with a given config file, isolated HOME, guard loaded. */
export function runOpenclaw(args: string[], configPath: string, timeoutMs = 90_000): Promise<{code: number; stdout: string; stderr: string}> {
	ensureInstalled();
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mgw-oc-home-'));
	const env = openclawEnv(home, configPath);
	return spawnOpenclaw(args, env, timeoutMs);
}

function spawnOpenclaw(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		const c = spawn(NODE24, [OPENCLAW, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		c.stdout.on('data', d => (stdout += d));
		c.stderr.on('data', d => (stderr += d));
		const t = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
		c.on('close', code => {
			clearTimeout(t);
			resolve({code: code ?? -1, stdout, stderr});
		});
	});
}

/** The isolated environment OpenClaw runs in here: its own HOME and state, offline switches, the loopback guard. */
function openclawEnv(home: string, configPath: string, guardLog?: string): NodeJS.ProcessEnv {
	return {
		PATH: `${NODE_BIN_DIR}:/usr/local/bin:/usr/bin:/bin`,
		HOME: home,
		OPENCLAW_HOME: home,
		OPENCLAW_STATE_DIR: path.dirname(configPath),
		OPENCLAW_CONFIG_PATH: configPath,
		OPENCLAW_DISABLE_BONJOUR: '1',
		OPENCLAW_NO_AUTO_UPDATE: '1',
		OPENCLAW_OFFLINE: '1',
		DO_NOT_TRACK: '1',
		NODE_OPTIONS: `--import ${path.join(HERE, 'loopback-guard.mjs')}`,
		...(guardLog ? {OPENCLAW_GUARD_LOG: guardLog} : {}),
	};
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const p = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(p));
		});
		s.on('error', reject);
	});
}

export type GatewayOptions = {
	token?: string;
	gatewayConfig?: Record<string, unknown>;
	/** Pass --bind loopback on the command line (default). Off: the config's own bind is used (the loopback guard still keeps every listener on 127.0.0.1). */
	bindFlag?: boolean;
	/** Called with the config path after it is written and before the gateway starts (e.g. to run `mgw-tui config fix`). Returns the token to use, if it changed. */
	beforeStart?: (configPath: string) => Promise<string | undefined> | string | undefined;
	/** Ready when /ready says so, without a token handshake (a section with password auth). */
	readyOnly?: boolean;
	/** Use this whole gateway section as written (its port is replaced by a free one). */
	gatewaySection?: Record<string, unknown>;
};

export type RealGateway = {
	port: number;
	token: string;
	url: string;
	dir: string;
	configPath: string;
	env: NodeJS.ProcessEnv;
	pid(): number | undefined;
	stopGateway(): Promise<void>;
	/** kill -9 the gateway by its PID (a crash: no shutdown event, no cleanup) and wait until it is gone. */
	killGateway(): Promise<void>;
	startGateway(): Promise<void>;
	stop(): Promise<void>;
	/** Run the real `openclaw` CLI against this state dir (Node 24). */
	openclaw(args: string[], timeoutMs?: number): Promise<{code: number; stdout: string; stderr: string}>;
};

function stopPid(child: ChildProcess | undefined, graceMs: number): Promise<void> {
	if (!child || child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve();
	return new Promise(resolve => {
		const t = setTimeout(() => {
			try {
				process.kill(child.pid!, 'SIGKILL');
			} catch {}
		}, graceMs);
		child.once('exit', () => {
			clearTimeout(t);
			resolve();
		});
		try {
			process.kill(child.pid!, 'SIGTERM');
		} catch {
			clearTimeout(t);
			resolve();
		}
	});
}

async function waitReady(port: number, token: string, child: ChildProcess, log: string, timeoutMs = 180_000, readyOnly = false): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`gateway exited during start (code ${child.exitCode}):\n${fs.readFileSync(log, 'utf8').slice(-3000)}`);
		try {
			const res = await fetch(`http://127.0.0.1:${port}/ready`, {signal: AbortSignal.timeout(2000)});
			const body = (await res.json()) as {ready?: boolean};
			if (body.ready && readyOnly) return;
			if (body.ready) {
				const c = new GatewayClient({url: `ws://127.0.0.1:${port}`, token, version: 'test', connectTimeoutMs: 20_000});
				try {
					await c.connect();
					await c.request('health', {}, {timeoutMs: 20_000});
					return;
				} finally {
					c.close();
				}
			}
		} catch {
			// not yet
		}
		await new Promise(r => setTimeout(r, 300));
	}
	throw new Error(`gateway on ${port} not ready within ${timeoutMs} ms:\n${fs.readFileSync(log, 'utf8').slice(-3000)}`);
}

export async function startRealGateway(opts: GatewayOptions = {}): Promise<RealGateway> {
	ensureInstalled();
	let token = opts.token ?? 'test-token-' + Math.random().toString(36).slice(2, 10);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mgw-real-'));
	const home = path.join(dir, 'home');
	const state = path.join(home, '.openclaw');
	const logs = path.join(dir, 'logs');
	fs.mkdirSync(state, {recursive: true});
	fs.mkdirSync(logs);
	const port = await freePort();
	const llmPort = await freePort();
	const configPath = path.join(state, 'openclaw.json');
	const config = {
		gateway: opts.gatewaySection ? {...opts.gatewaySection, port} : opts.gatewayConfig && 'replace' in opts.gatewayConfig ? {port, ...(opts.gatewayConfig.replace as object)} : {mode: 'local', port, bind: 'loopback', auth: {mode: 'token', token}, ...opts.gatewayConfig},
		update: {checkOnStart: false},
		telemetry: {enabled: false},
		discovery: {mdns: {mode: 'off'}},
		logging: {file: path.join(logs, 'openclaw.log')},
		cron: {enabled: false},
		...fakeModelSections(llmPort),
	};
	fs.writeFileSync(configPath, JSON.stringify(config, null, 2));
	if (opts.beforeStart) token = (await opts.beforeStart(configPath)) ?? token;
	const env = openclawEnv(home, configPath, path.join(logs, 'guard.log'));
	const llm = spawn(NODE24, [path.join(HERE, 'fake-llm.mjs'), '--port', String(llmPort), '--ttl-seconds', '3600'], {
		stdio: ['ignore', fs.openSync(path.join(logs, 'fake-llm.out'), 'a'), fs.openSync(path.join(logs, 'fake-llm.out'), 'a')],
		detached: true,
	});
	let gw: ChildProcess | undefined;
	const gwLog = path.join(logs, 'gateway.log');
	const startGateway = async () => {
		const fd = fs.openSync(gwLog, 'a');
		const bind = opts.bindFlag === false ? [] : ['--bind', 'loopback'];
		gw = spawn(NODE24, [OPENCLAW, 'gateway', 'run', '--port', String(port), ...bind], {env, stdio: ['ignore', fd, fd], detached: true});
		await waitReady(port, token, gw, gwLog, undefined, opts.readyOnly);
	};
	const stopGateway = () => stopPid(gw, 40_000);
	const killGateway = async () => {
		const child = gw;
		if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
		const gone = new Promise(resolve => child.once('exit', resolve));
		process.kill(child.pid, 'SIGKILL');
		await gone;
	};
	try {
		await startGateway();
	} catch (e) {
		await stopGateway();
		await stopPid(llm, 5000);
		throw e;
	}
	return {
		port,
		token,
		url: `ws://127.0.0.1:${port}`,
		dir,
		configPath,
		env,
		pid: () => gw?.pid,
		stopGateway,
		killGateway,
		startGateway,
		stop: async () => {
			await stopGateway();
			await stopPid(llm, 5000);
		},
		openclaw: (args, timeoutMs = 60_000) => spawnOpenclaw(args, env, timeoutMs),
	};
}

/**
 * One real gateway shared by a test file, started before its first test and stopped after its
 * last, with the file's cleanups run (in reverse) first. trustedProxies lets a loopback client
 * with X-Forwarded-For look remote: a second device that really asks to pair.
 */
export function realGatewayForFile(opts: GatewayOptions = {gatewayConfig: {trustedProxies: ['127.0.0.1']}}) {
	const file = {gw: undefined as unknown as RealGateway, cleanup: [] as (() => unknown)[]};
	before(async () => {
		file.gw = await startRealGateway(opts);
	});
	after(async () => {
		for (const c of file.cleanup.reverse()) await c();
		await file.gw?.stop();
	});
	return file;
}
