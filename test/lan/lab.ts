/**
 * A second "computer" on a private test LAN: a Linux network namespace joined to this machine
 * by a veth pair, running real OpenClaw 2026.9.6 gateways as the guide and OpenClaw's docs set
 * them up (adapted from lan-lab.sh). Needs root. Traffic never leaves this machine: the only
 * addresses used are the namespace's /30 and its own loopback.
 *
 *   lan  bind "lan", plain ws, token auth           LAB_IP:18789   (a LAN client must pair)
 *   tls  bind "lan", TLS (self-signed, generated)    LAB_IP:18790   wss://, pin = tlsSha256
 *   lo   bind "loopback"                             127.0.0.1:18791 inside; only through sshd on LAB_IP:22
 *
 * Every process is started in its own process group and stopped by its saved PID; the
 * namespace and veth are removed in down(), which is safe to call after a partial up().
 */
import {execFileSync, spawn, spawnSync, type ChildProcess} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {ensureInstalled, fakeModelSections, NODE24, NODE_BIN_DIR, OPENCLAW, ROOT} from '../real/install.js';

export const GW_PORT = {lan: 18789, tls: 18790, lo: 18791} as const;
export type GwName = keyof typeof GW_PORT;

/** Why the LAN tests cannot run here (undefined = they can). Under CI=true the caller must fail instead of skipping. */
export function labUnavailable(): string | undefined {
	if (process.platform !== 'linux') return 'network namespaces need Linux';
	if (process.getuid?.() !== 0) return 'network namespaces need root (run as root, or under CI=true where they are required)';
	if (spawnSync('ip', ['-V']).status !== 0) return 'the ip command (iproute2) is missing';
	return undefined;
}

export type Lab = {
	dir: string;
	ns: string;
	ip: string;
	hostIp: string;
	token: string;
	tlsSha256: string;
	sshConfig: string;
	/** What the user would type on the lab computer: the real openclaw CLI as gateway `gw`. */
	oc(gw: GwName, args: string[], timeoutMs?: number): Promise<{code: number; stdout: string; stderr: string}>;
	cut(): void;
	heal(): void;
	down(): Promise<void>;
};

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, {stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8'});

function gwEnv(dir: string, gw: GwName): Record<string, string> {
	return {
		HOME: path.join(dir, `gw-${gw}`, 'home'),
		OPENCLAW_HOME: path.join(dir, `gw-${gw}`, 'home'),
		OPENCLAW_STATE_DIR: path.join(dir, `gw-${gw}`, 'state'),
		OPENCLAW_CONFIG_PATH: path.join(dir, `gw-${gw}`, 'state', 'openclaw.json'),
		OPENCLAW_GATEWAY_PORT: String(GW_PORT[gw]),
		OPENCLAW_DISABLE_BONJOUR: '1',
		OPENCLAW_NO_AUTO_UPDATE: '1',
		OPENCLAW_OFFLINE: '1',
		DO_NOT_TRACK: '1',
		PATH: `${NODE_BIN_DIR}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin`,
	};
}

function gwConfig(token: string, gw: GwName): string {
	return JSON.stringify(
		{
			gateway: {mode: 'local', port: GW_PORT[gw], bind: gw === 'lo' ? 'loopback' : 'lan', auth: {mode: 'token', token}, tls: {enabled: gw === 'tls', autoGenerate: true}},
			update: {checkOnStart: false},
			discovery: {mdns: {mode: 'off'}},
			cron: {enabled: false},
			...fakeModelSections(28790),
		},
		null,
		2,
	);
}

function pickSubnet(id: string): number {
	const used = run('ip', ['-4', 'addr']);
	const start = (parseInt(id.slice(0, 2), 16) % 200) + 20;
	for (const x of [...Array.from({length: 255 - start}, (_, i) => start + i), ...Array.from({length: 235}, (_, i) => 20 + i)]) {
		if (!used.includes(` 10.213.${x}.`)) return x;
	}
	throw new Error('no free 10.213.X.0/30 subnet');
}

function stopChild(c: ChildProcess, graceMs = 10_000): Promise<void> {
	if (!c.pid || c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
	return new Promise(resolve => {
		const kill = (sig: NodeJS.Signals) => {
			try {
				process.kill(-c.pid!, sig); // its own process group (detached), by saved PID
			} catch {
				try {
					process.kill(c.pid!, sig);
				} catch {}
			}
		};
		const t = setTimeout(() => kill('SIGKILL'), graceMs);
		c.once('exit', () => {
			clearTimeout(t);
			resolve();
		});
		kill('SIGTERM');
	});
}

/** Poll inside the namespace until `url` answers with "ready": true. */
async function waitReady(ns: string, url: string, log: string, child: ChildProcess, timeoutMs = 240_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`gateway exited (${child.exitCode}):\n${fs.readFileSync(log, 'utf8').slice(-2000)}`);
		const r = spawnSync('ip', ['netns', 'exec', ns, 'curl', '-sk', '-m', '2', url], {encoding: 'utf8'});
		if (r.stdout?.includes('"ready":true')) return;
		await new Promise(res => setTimeout(res, 500));
	}
	throw new Error(`${url} not ready in ${timeoutMs} ms:\n${fs.readFileSync(log, 'utf8').slice(-2000)}`);
}

function ensureSshd(): void {
	if (fs.existsSync('/usr/sbin/sshd')) return;
	console.log('# lan lab: installing openssh-server (Debian package)');
	const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
	execFileSync('apt-get', ['update', '-qq'], {stdio: 'ignore', env, timeout: 300_000});
	execFileSync('apt-get', ['install', '-y', '-qq', 'openssh-server'], {stdio: 'ignore', env, timeout: 600_000});
}

export async function labUp(): Promise<Lab> {
	ensureInstalled();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mgw-lan-'));
	const id = crypto.createHash('sha1').update(dir).digest('hex').slice(0, 6);
	const ns = `mgwlab-${id}`;
	const vh = `vlh${id}`;
	const vn = `vln${id}`;
	const token = `lab-token-${id}-${crypto.randomBytes(8).toString('hex')}`;
	const logs = path.join(dir, 'logs');
	fs.mkdirSync(logs);
	const children: ChildProcess[] = [];
	let nsMade = false;
	// Last resort when the test process ends without after() (crash, Ctrl-C): synchronous, by saved PID.
	const syncDown = () => {
		for (const c of children) {
			if (!c.pid || c.exitCode !== null || c.signalCode !== null) continue;
			try {
				process.kill(-c.pid, 'SIGKILL');
			} catch {}
		}
		spawnSync('ip', ['link', 'del', vh]);
		if (nsMade) spawnSync('ip', ['netns', 'del', ns]);
	};
	const onSignal = (sig: NodeJS.Signals) => {
		syncDown();
		process.exit(sig === 'SIGINT' ? 130 : 143);
	};
	process.on('exit', syncDown);
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	const down = async () => {
		process.off('exit', syncDown);
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		await Promise.all(children.map(c => stopChild(c)));
		spawnSync('ip', ['link', 'del', vh]);
		if (nsMade) spawnSync('ip', ['netns', 'del', ns]);
	};
	const inNs = (args: string[], env: Record<string, string> | undefined, log: string) => {
		const fd = fs.openSync(path.join(logs, log), 'a');
		const envArgs = env ? ['env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`)] : [];
		const c = spawn('ip', ['netns', 'exec', ns, ...envArgs, ...args], {stdio: ['ignore', fd, fd], detached: true});
		children.push(c);
		return c;
	};
	try {
		ensureSshd();
		const x = pickSubnet(id);
		const hostIp = `10.213.${x}.1`;
		const ip = `10.213.${x}.2`;
		run('ip', ['netns', 'add', ns]);
		nsMade = true;
		run('ip', ['link', 'add', vh, 'type', 'veth', 'peer', 'name', vn]);
		run('ip', ['link', 'set', vn, 'netns', ns]);
		run('ip', ['addr', 'add', `${hostIp}/30`, 'dev', vh]);
		run('ip', ['link', 'set', vh, 'up']);
		run('ip', ['netns', 'exec', ns, 'ip', 'addr', 'add', `${ip}/30`, 'dev', vn]);
		run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', vn, 'up']);
		run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
		inNs([NODE24, path.join(ROOT, 'test', 'real', 'fake-llm.mjs'), '--port', '28790', '--ttl-seconds', '1800'], undefined, 'fake-llm.log');
		// sshd (Debian's openssh-server), key auth only, on the lab address
		const sshDir = path.join(dir, 'ssh');
		fs.mkdirSync(sshDir);
		fs.mkdirSync('/run/sshd', {recursive: true});
		for (const k of ['host_key', 'id_ed25519']) run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(sshDir, k)]);
		fs.copyFileSync(path.join(sshDir, 'id_ed25519.pub'), path.join(sshDir, 'authorized_keys'));
		fs.chmodSync(path.join(sshDir, 'authorized_keys'), 0o600);
		fs.writeFileSync(
			path.join(sshDir, 'sshd_config'),
			`Port 22\nListenAddress ${ip}\nHostKey ${sshDir}/host_key\nAuthorizedKeysFile ${sshDir}/authorized_keys\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nStrictModes no\nAllowTcpForwarding yes\nUsePAM no\nPidFile ${dir}/sshd.pid\n`,
		);
		inNs(['/usr/sbin/sshd', '-D', '-e', '-f', path.join(sshDir, 'sshd_config')], undefined, 'sshd.log');
		const hostPub = fs.readFileSync(path.join(sshDir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
		fs.writeFileSync(path.join(sshDir, 'known_hosts'), `${ip} ${hostPub}\n`);
		const sshConfig = path.join(sshDir, 'config');
		fs.writeFileSync(
			sshConfig,
			`Host lab\n  HostName ${ip}\n  Port 22\n  User root\n  IdentityFile ${sshDir}/id_ed25519\n  IdentitiesOnly yes\n  UserKnownHostsFile ${sshDir}/known_hosts\n  StrictHostKeyChecking yes\n`,
		);
		// the three gateways, started in parallel
		const gws = (Object.keys(GW_PORT) as GwName[]).map(gw => {
			fs.mkdirSync(path.join(dir, `gw-${gw}`, 'home'), {recursive: true});
			fs.mkdirSync(path.join(dir, `gw-${gw}`, 'state'), {recursive: true});
			fs.writeFileSync(path.join(dir, `gw-${gw}`, 'state', 'openclaw.json'), gwConfig(token, gw));
			const c = inNs([NODE24, OPENCLAW, 'gateway', 'run', '--port', String(GW_PORT[gw]), '--bind', gw === 'lo' ? 'loopback' : 'lan'], gwEnv(dir, gw), `gw-${gw}.log`);
			return {gw, c};
		});
		await Promise.all(gws.map(({gw, c}) => waitReady(ns, `${gw === 'tls' ? 'https' : 'http'}://127.0.0.1:${GW_PORT[gw]}/ready`, path.join(logs, `gw-${gw}.log`), c)));
		const tlsSha256 = new crypto.X509Certificate(fs.readFileSync(path.join(dir, 'gw-tls', 'state', 'gateway', 'tls', 'gateway-cert.pem'))).fingerprint256;
		return {
			dir,
			ns,
			ip,
			hostIp,
			token,
			tlsSha256,
			sshConfig,
			oc: (gw, args, timeoutMs = 90_000) =>
				new Promise(resolve => {
					const env = {...gwEnv(dir, gw), OPENCLAW_GATEWAY_TOKEN: token};
					const c = spawn('ip', ['netns', 'exec', ns, 'env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), NODE24, OPENCLAW, ...args], {stdio: ['ignore', 'pipe', 'pipe'], detached: true});
					let stdout = '';
					let stderr = '';
					c.stdout.on('data', d => (stdout += d));
					c.stderr.on('data', d => (stderr += d));
					const t = setTimeout(() => void stopChild(c, 1000), timeoutMs);
					c.on('close', code => {
						clearTimeout(t);
						resolve({code: code ?? -1, stdout, stderr});
					});
				}),
			cut: () => void run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', vn, 'down']),
			heal: () => void run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', vn, 'up']),
			down,
		};
	} catch (e) {
		await down();
		throw e;
	}
}
