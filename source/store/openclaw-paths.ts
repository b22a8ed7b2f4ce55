import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSON5 from 'json5';

export type ConfigLocation = {path: string; source: string};

/**
 * Where OpenClaw keeps its config, as OpenClaw resolves it: OPENCLAW_CONFIG_PATH, else
 * $OPENCLAW_STATE_DIR/openclaw.json, else ~/.openclaw-<profile>/ (--profile or
 * OPENCLAW_PROFILE), else ~/.openclaw/openclaw.json; OPENCLAW_HOME replaces the home directory.
 */
export function locateOpenclawConfig(env: NodeJS.ProcessEnv = process.env, profile?: string): ConfigLocation {
	if (env.OPENCLAW_CONFIG_PATH) return {path: path.resolve(env.OPENCLAW_CONFIG_PATH), source: 'OPENCLAW_CONFIG_PATH'};
	if (env.OPENCLAW_STATE_DIR) return {path: path.join(path.resolve(env.OPENCLAW_STATE_DIR), 'openclaw.json'), source: 'OPENCLAW_STATE_DIR'};
	const home = env.OPENCLAW_HOME || env.HOME || os.homedir();
	const prof = profile ?? env.OPENCLAW_PROFILE;
	if (prof) return {path: path.join(home, `.openclaw-${prof}`, 'openclaw.json'), source: `profile ${prof}`};
	return {path: path.join(home, '.openclaw', 'openclaw.json'), source: 'default'};
}

export type LocalGateway = {host: string; port: number; token: string; configPath: string};

/** The gateway of this computer, when its config exists and names a token (or one is in the environment). */
export function readLocalGateway(env: NodeJS.ProcessEnv = process.env): LocalGateway | undefined {
	const loc = locateOpenclawConfig(env);
	let text: string;
	try {
		text = fs.readFileSync(loc.path, 'utf8');
	} catch {
		return undefined;
	}
	let cfg: {gateway?: {port?: unknown; auth?: {token?: unknown}}};
	try {
		cfg = JSON5.parse(text);
	} catch {
		return undefined;
	}
	const gw = cfg?.gateway ?? {};
	const port = typeof gw.port === 'number' && gw.port >= 1 && gw.port <= 65535 ? gw.port : Number(env.OPENCLAW_GATEWAY_PORT) || 18789;
	const raw = gw.auth?.token;
	let token: string | undefined;
	if (typeof raw === 'string' && raw && !raw.includes('${')) token = raw;
	else if (raw && typeof raw === 'object' && (raw as {source?: string}).source === 'env') token = env[String((raw as {id?: string}).id)];
	token ??= env.OPENCLAW_GATEWAY_TOKEN;
	if (!token) return undefined;
	return {host: '127.0.0.1', port, token, configPath: loc.path};
}
