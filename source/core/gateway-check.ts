import {isIPv4} from 'node:net';
import {AUTH_KEYS, BIND_MODES, GATEWAY_KEYS, GatewayShape, RETIRED, TAILSCALE_KEYS} from './gateway-schema.js';

export type Path = readonly string[];
/** One edit: set `path` to `value`, or delete it when `remove`. `secret` asks for a generated secret as the value. */
export type Op = {path: Path; value?: unknown; remove?: boolean; secret?: 'token' | 'password'};
export type Finding = {
	code: string;
	severity: 'error' | 'warning';
	path: Path;
	message: string;
	/** Deterministic fix, shown as a diff before anything is written. */
	fix?: {ops: Op[]; explain: string};
};

export const REDACTED = '__OPENCLAW_REDACTED__';
const ALL_ADDR = new Set(['0.0.0.0', 'all', 'any', '*', '::', '[::]']);
const LOOPBACK_ADDR = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const MODES = `"loopback" | "lan" | "auto" | "custom" | "tailnet"`;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isTailnetIp = (ip: string) => isIPv4(ip) && Number(ip.split('.')[0]) === 100 && (Number(ip.split('.')[1]) & 0xc0) === 64;
const hasSecret = (v: unknown) => (typeof v === 'string' && v.trim() !== '') || isObj(v);

/** What bind will be once the bind findings are fixed (for the cross-field rules). */
function effectiveBind(gw: Record<string, unknown>): string {
	const b = gw.bind;
	if (typeof b !== 'string') {
		const h = gw.host;
		if (typeof h === 'string' && ALL_ADDR.has(h)) return 'lan';
		return 'loopback';
	}
	if (ALL_ADDR.has(b)) return 'lan';
	if (LOOPBACK_ADDR.has(b)) return 'loopback';
	if (isTailnetIp(b)) return 'tailnet';
	if (isIPv4(b)) return 'custom';
	return (BIND_MODES as readonly string[]).includes(b) ? b : 'invalid';
}

/**
 * Check a whole openclaw.json object the way OpenClaw 2026.9.6 does: its gateway schema
 * (strict keys, enums, ranges) and the startup refusals of assertGatewayRuntimeSecurityConfig.
 * Pure; fixes are edit operations, applied to the text elsewhere.
 */
export function checkGateway(config: unknown, {local = true}: {local?: boolean} = {}): Finding[] {
	const out: Finding[] = [];
	if (!isObj(config)) return [{code: 'NOT_OBJECT', severity: 'error', path: [], message: 'the config file must be an object'}];
	const gw = config.gateway;
	if (gw === undefined) {
		return [{code: 'NO_GATEWAY', severity: 'error', path: ['gateway'], message: 'no gateway section; the gateway refuses to start without gateway.mode', fix: {ops: [{path: ['gateway'], value: {mode: 'local', port: 18789, bind: 'loopback'}}], explain: 'add a loopback gateway section'}}];
	}
	if (!isObj(gw)) return [{code: 'NOT_OBJECT', severity: 'error', path: ['gateway'], message: 'gateway must be an object'}];
	const g = (k: string) => ['gateway', ...k.split('.')];
	const auth = isObj(gw.auth) ? gw.auth : {};
	const ts = isObj(gw.tailscale) ? gw.tailscale : {};
	const bind = gw.bind;
	const eff = effectiveBind(gw);

	// legacy host
	if ('host' in gw) {
		const h = gw.host;
		const ops: Op[] = [{path: g('host'), remove: true}];
		if (bind === undefined && typeof h === 'string' && ALL_ADDR.has(h)) ops.push({path: g('bind'), value: 'lan'});
		else if (bind === undefined && typeof h === 'string' && LOOPBACK_ADDR.has(h)) ops.push({path: g('bind'), value: 'loopback'});
		out.push({code: 'RETIRED_KEY', severity: 'error', path: g('host'), message: `gateway.host ${JSON.stringify(h)} is retired; the gateway uses bind modes (${MODES})`, fix: {ops, explain: ops.length > 1 ? `remove host; bind "${ops[1]!.value}"` : 'remove host'}});
	}
	// bind: an address instead of a mode
	if (bind !== undefined && !(BIND_MODES as readonly unknown[]).includes(bind)) {
		const b = String(bind);
		if (typeof bind === 'string' && ALL_ADDR.has(bind)) {
			out.push({code: 'BIND_ADDRESS', severity: 'error', path: g('bind'), message: `bind ${JSON.stringify(bind)} is an address, but bind takes a mode (${MODES}); "lan" is what listens on every interface (0.0.0.0)`, fix: {ops: [{path: g('bind'), value: 'lan'}], explain: 'bind "lan"'}});
		} else if (typeof bind === 'string' && LOOPBACK_ADDR.has(bind)) {
			out.push({code: 'BIND_ADDRESS', severity: 'error', path: g('bind'), message: `bind ${JSON.stringify(bind)} is an address; this computer only is the mode "loopback"`, fix: {ops: [{path: g('bind'), value: 'loopback'}], explain: 'bind "loopback"'}});
		} else if (typeof bind === 'string' && isTailnetIp(bind)) {
			out.push({code: 'BIND_ADDRESS', severity: 'error', path: g('bind'), message: `bind ${JSON.stringify(bind)} is a Tailscale address; the mode for it is "tailnet"`, fix: {ops: [{path: g('bind'), value: 'tailnet'}], explain: 'bind "tailnet"'}});
		} else if (typeof bind === 'string' && isIPv4(bind)) {
			out.push({code: 'BIND_ADDRESS', severity: 'error', path: g('bind'), message: `bind ${JSON.stringify(bind)} is an address; one specific IPv4 is bind "custom" with customBindHost`, fix: {ops: [{path: g('bind'), value: 'custom'}, {path: g('customBindHost'), value: bind}], explain: `bind "custom", customBindHost "${bind}"`}});
		} else {
			out.push({code: 'BIND_INVALID', severity: 'error', path: g('bind'), message: `gateway.bind: Invalid input ${JSON.stringify(b)} (allowed: ${MODES}); pick one in the editor`});
		}
	}
	if (bind === 'custom') {
		const h = gw.customBindHost;
		if (typeof h !== 'string' || !isIPv4(h)) {
			out.push({code: 'CUSTOM_HOST', severity: 'error', path: g('customBindHost'), message: h === undefined ? 'bind "custom" requires gateway.customBindHost (an IPv4 address)' : `bind "custom" requires a valid IPv4 customBindHost (got ${JSON.stringify(h)})`});
		}
	}
	// port
	if (gw.port !== undefined && !(Number.isInteger(gw.port) && (gw.port as number) >= 1 && (gw.port as number) <= 65535)) {
		out.push({code: 'PORT_RANGE', severity: 'error', path: g('port'), message: `port ${JSON.stringify(gw.port)} is not a whole number 1–65535`, fix: {ops: [{path: g('port'), value: 18789}], explain: 'port 18789 (the default)'}});
	}
	// mode
	if (local && gw.mode !== 'local') {
		out.push({code: 'MODE_NOT_LOCAL', severity: 'error', path: g('mode'), message: gw.mode === undefined ? 'gateway.mode is missing; the gateway refuses to start without it' : `gateway.mode ${JSON.stringify(gw.mode)}: the gateway only starts with mode "local" on its own computer`, fix: {ops: [{path: g('mode'), value: 'local'}], explain: 'mode "local"'}});
	}
	// auth
	const tsMode = ts.mode;
	const mode = auth.mode;
	const funnel = tsMode === 'funnel';
	if (funnel && mode !== 'password') {
		const ops: Op[] = [{path: g('auth.mode'), value: 'password'}];
		if (!hasSecret(auth.password)) ops.push({path: g('auth.password'), secret: 'password'});
		out.push({code: 'FUNNEL_PASSWORD', severity: 'error', path: g('auth.mode'), message: 'tailscale funnel requires gateway auth mode=password (the public internet can reach it)', fix: {ops, explain: ops.length > 1 ? 'auth.mode "password" with a generated password' : 'auth.mode "password"'}});
	} else if (mode === undefined && hasSecret(auth.token) && hasSecret(auth.password)) {
		out.push({code: 'AUTH_AMBIGUOUS', severity: 'error', path: g('auth.mode'), message: 'gateway.auth.token and gateway.auth.password are both set but auth.mode is unset; the gateway refuses to start', fix: {ops: [{path: g('auth.mode'), value: 'token'}], explain: 'auth.mode "token" (the password stays, unused)'}});
	} else if (eff !== 'loopback' && eff !== 'invalid' && tsMode !== 'serve') {
		const noSecret = mode === 'none' || (mode !== 'trusted-proxy' && !hasSecret(auth.token) && !hasSecret(auth.password));
		if (noSecret) {
			const ops: Op[] = [{path: g('auth.mode'), value: 'token'}];
			if (!hasSecret(auth.token)) ops.push({path: g('auth.token'), secret: 'token'});
			out.push({code: 'AUTH_REQUIRED', severity: 'error', path: g('auth'), message: `bind "${eff}" reaches beyond this computer without auth; the gateway refuses to start`, fix: {ops, explain: ops.length > 1 ? 'token auth with a generated token' : 'auth.mode "token"'}});
		} else if (mode === 'token' && !hasSecret(auth.token)) {
			out.push({code: 'AUTH_TOKEN_MISSING', severity: 'error', path: g('auth.token'), message: 'auth.mode "token" without a token: the gateway makes up one per start that no other computer can know', fix: {ops: [{path: g('auth.token'), secret: 'token'}], explain: 'a generated token'}});
		} else if (mode === 'password' && !hasSecret(auth.password)) {
			out.push({code: 'AUTH_PASSWORD_MISSING', severity: 'error', path: g('auth.password'), message: 'auth.mode "password" without a password', fix: {ops: [{path: g('auth.password'), secret: 'password'}], explain: 'a generated password'}});
		}
	}
	if (mode === 'trusted-proxy' && !(Array.isArray(gw.trustedProxies) && gw.trustedProxies.length)) {
		out.push({code: 'TRUSTED_PROXY', severity: 'error', path: g('trustedProxies'), message: 'auth mode "trusted-proxy" requires gateway.trustedProxies (the proxy addresses)'});
	}
	// tailscale serve/funnel need loopback
	if ((tsMode === 'serve' || tsMode === 'funnel') && eff !== 'loopback' && eff !== 'invalid') {
		out.push({code: 'TAILSCALE_LOOPBACK', severity: 'error', path: g('bind'), message: `tailscale ${tsMode} requires gateway bind=loopback (Tailscale forwards to 127.0.0.1); bind "${eff}" keeps the gateway down`, fix: {ops: [{path: g('bind'), value: 'loopback'}], explain: 'bind "loopback"'}});
	}
	// unknown and retired keys
	for (const [where, obj, known] of [
		['gateway', gw, GATEWAY_KEYS],
		['gateway.auth', auth, AUTH_KEYS],
		['gateway.tailscale', ts, TAILSCALE_KEYS],
	] as const) {
		for (const k of Object.keys(obj)) {
			const full = `${where}.${k}`;
			if (full === 'gateway.host' || (known as readonly string[]).includes(k)) continue;
			out.push({code: RETIRED[full] ? 'RETIRED_KEY' : 'UNKNOWN_KEY', severity: 'error', path: full.split('.'), message: `${full}: ${RETIRED[full] ?? 'unknown key; the gateway section is strict and refuses it'}`, fix: {ops: [{path: full.split('.'), remove: true}], explain: `remove ${full}`}});
		}
	}
	if (isObj(gw.controlUi) && 'dangerouslyDisableDeviceAuth' in gw.controlUi) {
		out.push({code: 'RETIRED_KEY', severity: 'warning', path: g('controlUi.dangerouslyDisableDeviceAuth'), message: RETIRED['gateway.controlUi.dangerouslyDisableDeviceAuth']!, fix: {ops: [{path: g('controlUi.dangerouslyDisableDeviceAuth'), remove: true}], explain: 'remove it'}});
	}
	// value types (after the rules above, so a known problem reads as its own message)
	const shape = GatewayShape.safeParse(gw);
	if (!shape.success) {
		for (const i of shape.error.issues) {
			const p = ['gateway', ...i.path.map(String)];
			if (out.some(f => f.path.join('.') === p.join('.'))) continue;
			out.push({code: 'SCHEMA', severity: 'error', path: p, message: `${p.join('.')}: ${i.message}`});
		}
	}
	if (eff !== 'loopback' && eff !== 'invalid' && !(isObj(gw.controlUi) && (gw.controlUi.enabled === false || Array.isArray(gw.controlUi.allowedOrigins)))) {
		out.push({code: 'CONTROL_UI_ORIGINS', severity: 'warning', path: g('controlUi.allowedOrigins'), message: 'the Control UI only admits http://localhost and http://127.0.0.1 origins; browsers on other computers need gateway.controlUi.allowedOrigins'});
	}
	return out;
}

/** Every deterministic fix, merged (later findings never undo earlier ones). */
export function allFixes(findings: readonly Finding[]): Op[] {
	const ops: Op[] = [];
	for (const f of findings) for (const op of f.fix?.ops ?? []) if (!ops.some(o => o.path.join('.') === op.path.join('.'))) ops.push(op);
	return ops;
}

/** Changes the gateway applies only with a restart (hot-reload.md). */
export function needsRestart(paths: readonly Path[]): boolean {
	return paths.some(p => {
		const k = p.join('.');
		return k === 'gateway.port' || k === 'gateway.bind' || k === 'gateway.customBindHost' || k === 'gateway.auth.mode' || k.startsWith('gateway.tailscale') || k.startsWith('gateway.tls');
	});
}
