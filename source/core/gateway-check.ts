import {isIPv4} from './address.js';
import {AUTH_KEYS, BIND_MODES, GATEWAY_KEYS, GatewayShape, RETIRED, TAILSCALE_KEYS} from './gateway-schema.js';
import * as z from 'zod/mini';
import './zod-locale.js';

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
const REDACTED_SENTINEL = REDACTED;
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
/**
 * `redacted`: the config came over RPC, where every secret reads `__OPENCLAW_REDACTED__` (not the
 * value the gateway uses, so not judged).
 */
export function checkGateway(config: unknown, {env = {}, redacted = false}: {env?: Record<string, string | undefined>; redacted?: boolean} = {}): Finding[] {
	if (!isObj(config)) return [{code: 'NOT_OBJECT', severity: 'error', path: [], message: 'the config file must be an object'}];
	const raw = config.gateway;
	if (isObj(raw) && '$include' in raw) return [{code: 'INCLUDE_UNRESOLVED', severity: 'error', path: ['gateway', '$include'], message: 'gateway.$include could not be read (missing file, outside the config directory, or not an object)'}];
	const sub = substituteEnv(raw, env, ['gateway']);
	const out = checkSection({...config, gateway: sub.value}, redacted);
	// a finding on a value that comes from ${VAR}: the fix is changing the variable, never the reference
	for (const f of out) {
		const ref = sub.refs.find(r => r.path.join('.') === f.path.join('.') || f.path.join('.').startsWith(`${r.path.join('.')}.`));
		if (!ref) continue;
		f.message += ` (the value comes from ${ref.text}${ref.missing.length ? `; ${ref.missing.join(', ')} is not set` : ''}: change the environment, the file keeps the reference)`;
		delete f.fix;
	}
	for (const r of sub.refs) {
		if (r.missing.length && !out.some(f => f.path.join('.') === r.path.join('.'))) out.push({code: 'ENV_MISSING', severity: 'warning', path: r.path, message: `${r.path.join('.')}: ${r.missing.join(', ')} is not set here; OpenClaw keeps "${r.text}" as it is (checked as written)`});
	}
	return out;
}

const ENV_REF = /\$?\$\{([A-Z_][A-Z0-9_]*)\}/g;
type EnvRef = {path: string[]; text: string; missing: string[]};
/** OpenClaw's ${VAR} substitution (uppercase names, $${VAR} escapes, missing stays as written), on a copy. */
export function substituteEnv(v: unknown, env: Record<string, string | undefined>, path: string[], refs: EnvRef[] = []): {value: unknown; refs: EnvRef[]} {
	if (typeof v === 'string' && v.includes('${')) {
		const missing: string[] = [];
		let any = false;
		const value = v.replace(ENV_REF, (m, name: string) => {
			if (m.startsWith('$$')) return m.slice(1);
			any = true;
			const e = env[name];
			if (e === undefined || e === '') {
				missing.push(name);
				return m;
			}
			return e;
		});
		if (any) refs.push({path, text: v, missing});
		return {value, refs};
	}
	if (Array.isArray(v)) return {value: v.map((x, k) => substituteEnv(x, env, [...path, String(k)], refs).value), refs};
	if (isObj(v)) {
		const o: Record<string, unknown> = {};
		for (const [k, x] of Object.entries(v)) o[k] = substituteEnv(x, env, [...path, k], refs).value;
		return {value: o, refs};
	}
	return {value: v, refs};
}

/** Values the 2026.9.6 gateway refuses as a credential (known-weak-gateway-secrets, redact-sentinel). */
const REFUSED_TOKENS = new Set(['change-me-to-a-long-random-token', 'change-me-now']);
const REFUSED_PASSWORDS = new Set(['change-me-to-a-strong-password']);
const REDACTION_MARKERS = new Set([REDACTED_SENTINEL, 'REDACTED', 'xoxb-REDACTED', 'xapp-REDACTED', '***', '[redacted]', '[REDACTED]', '<redacted>', '[REDACTED_PRIVATE_KEY]', '[REDACTED CREDENTIAL]']);
/** Values the gateway accepts but anyone can guess: the guide's and docs' examples, common words, short strings. */
const GUESSABLE = new Set(['your-token-here', 'your-token', 'your-password', 'your-password-here', 'your_token_here', 'token', 'password', 'secret', 'changeme', 'change-me', 'admin', '123456', '12345678', 'openclaw', 'test', 'example', 'xxx', 'abc123', 'letmein', 'qwerty']);
export const MIN_SECRET_LENGTH = 16;
/** Stands for a secret the planner will have generated (never written: ops carry `secret` instead). */
export const GENERATED = '\u0000generated:';

function refusedSecret(kind: 'token' | 'password', v: string): string | undefined {
	const t = v.trim();
	if (t === '' || t === 'undefined' || t === 'null') return `is blank or the literal string ${JSON.stringify(t || '')}; the gateway refuses to start`;
	if (REDACTION_MARKERS.has(t)) return 'is a redaction marker, not a credential; the gateway refuses to start';
	if ((kind === 'token' ? REFUSED_TOKENS : REFUSED_PASSWORDS).has(t)) return 'is a published example placeholder; the gateway refuses to start';
	return undefined;
}
function weakSecret(v: string): string | undefined {
	const t = v.trim();
	if (GUESSABLE.has(t.toLowerCase())) return 'is a well-known example value (the guide\'s placeholder); anyone who read the guide can connect';
	if (t.length < MIN_SECRET_LENGTH) return `is only ${t.length} characters; use at least ${MIN_SECRET_LENGTH} (a generated one has 32)`;
	return undefined;
}

function checkSection(config: Record<string, unknown>, redacted: boolean): Finding[] {
	const out: Finding[] = [];
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
	// mode: "remote" is a client-only computer (its CLI talks to gateway.remote); no gateway starts here
	const remoteMode = gw.mode === 'remote';
	if (gw.mode === undefined) {
		out.push({code: 'MODE_NOT_LOCAL', severity: 'error', path: g('mode'), message: 'gateway.mode is missing; the gateway refuses to start without it', fix: {ops: [{path: g('mode'), value: 'local'}], explain: 'mode "local"'}});
	} else if (remoteMode) {
		out.push({code: 'MODE_REMOTE', severity: 'warning', path: g('mode'), message: `gateway.mode "remote": this computer is a client of ${isObj(gw.remote) && typeof gw.remote.url === 'string' ? gw.remote.url : 'gateway.remote.url'}; no gateway starts here (set mode "local" only to run one)`});
	}
	if (remoteMode) return finishSection(out, gw, auth, ts, eff, true);
	// bind unset: loopback on a plain computer, but "auto" (0.0.0.0) in a container (Docker, a VM
	// sandbox), where the gateway then refuses to start without auth (net.ts defaultGatewayBindMode)
	const tsOn = ts.mode === 'serve' || ts.mode === 'funnel';
	if (gw.bind === undefined && !('host' in gw) && !tsOn && !hasSecret(auth.token) && !hasSecret(auth.password) && auth.mode !== 'trusted-proxy') {
		out.push({code: 'BIND_UNSET', severity: 'error', path: g('bind'), message: 'bind is not set and there is no auth: the gateway picks loopback, but in a container it picks "auto" (0.0.0.0) and refuses to start', fix: {ops: [{path: g('bind'), value: 'loopback'}], explain: 'bind "loopback" (what it means on a plain computer)'}});
	}
	// auth
	const tsMode = ts.mode;
	const mode = auth.mode;
	const funnel = tsMode === 'funnel';
	const resolvedMode = mode ?? (hasSecret(auth.password) && !hasSecret(auth.token) ? 'password' : 'token');
	if (resolvedMode === 'password' && !hasSecret(auth.password) && !(funnel && mode !== 'password')) {
		out.push({code: 'AUTH_PASSWORD_MISSING', severity: 'error', path: g('auth.password'), message: 'Gateway auth is set to password, but no password is configured; the gateway refuses to start', fix: {ops: [{path: g('auth.password'), secret: 'password'}], explain: 'a generated password'}});
	}
	if ((tsMode === 'serve' || tsMode === 'funnel') && mode === 'none') {
		out.push({code: 'TAILSCALE_NO_AUTH', severity: 'error', path: g('auth.mode'), message: `auth.mode "none" cannot be used with tailscale ${tsMode}; the gateway refuses to start`, fix: tsMode === 'serve' ? {ops: [{path: g('auth.mode'), value: 'token'}, ...(hasSecret(auth.token) ? [] : [{path: g('auth.token'), secret: 'token' as const}])], explain: 'token auth'} : undefined});
	}
	for (const kind of ['token', 'password'] as const) {
		const v = auth[kind];
		if (typeof v !== 'string' || v.startsWith(GENERATED) || (redacted && v === REDACTED) || (resolvedMode !== kind && !(funnel && kind === 'password'))) continue;
		const refused = refusedSecret(kind, v);
		const weak = refused ? undefined : weakSecret(v);
		const exposed = eff !== 'loopback' || tsMode === 'serve' || tsMode === 'funnel';
		if (refused || weak) out.push({code: refused ? 'SECRET_REFUSED' : 'SECRET_WEAK', severity: refused || exposed ? 'error' : 'warning', path: g(`auth.${kind}`), message: `gateway.auth.${kind} ${refused ?? weak}${!refused && exposed ? ' (and this gateway is reachable from other computers)' : ''}`, fix: {ops: [{path: g(`auth.${kind}`), secret: kind}], explain: `a generated ${kind}`}});
	}
	if (mode === 'trusted-proxy') {
		const tp = isObj(auth.trustedProxy) ? auth.trustedProxy : undefined;
		if (!tp || typeof tp.userHeader !== 'string' || tp.userHeader.trim() === '') out.push({code: 'TRUSTED_PROXY_HEADER', severity: 'error', path: g('auth.trustedProxy.userHeader'), message: 'auth mode "trusted-proxy" requires gateway.auth.trustedProxy.userHeader (the header your proxy sets); the gateway refuses to start'});
		if (hasSecret(auth.token)) out.push({code: 'TRUSTED_PROXY_TOKEN', severity: 'error', path: g('auth.token'), message: 'auth mode "trusted-proxy" and a shared token are mutually exclusive; the gateway refuses to start', fix: {ops: [{path: g('auth.token'), remove: true}], explain: 'remove auth.token'}});
	}
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
		}
	}
	if (mode === 'trusted-proxy' && !(Array.isArray(gw.trustedProxies) && gw.trustedProxies.length)) {
		out.push({code: 'TRUSTED_PROXY', severity: 'error', path: g('trustedProxies'), message: 'auth mode "trusted-proxy" requires gateway.trustedProxies (the proxy addresses)'});
	}
	// tailscale serve/funnel need loopback
	if ((tsMode === 'serve' || tsMode === 'funnel') && eff !== 'loopback' && eff !== 'invalid') {
		out.push({code: 'TAILSCALE_LOOPBACK', severity: 'error', path: g('bind'), message: `tailscale ${tsMode} requires gateway bind=loopback (Tailscale forwards to 127.0.0.1); bind "${eff}" keeps the gateway down`, fix: {ops: [{path: g('bind'), value: 'loopback'}], explain: 'bind "loopback"'}});
	}
	return finishSection(out, gw, auth, ts, eff, false);
}

function finishSection(out: Finding[], gw: Record<string, unknown>, auth: Record<string, unknown>, ts: Record<string, unknown>, eff: string, remoteMode: boolean): Finding[] {
	const g = (k: string) => ['gateway', ...k.split('.')];
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
	const shape = z.safeParse(GatewayShape, gw);
	if (!shape.success) {
		for (const i of shape.error.issues) {
			const p = ['gateway', ...i.path.map(String)];
			if (out.some(f => f.path.join('.') === p.join('.'))) continue;
			out.push({code: 'SCHEMA', severity: 'error', path: p, message: `${p.join('.')}: ${i.message}`});
		}
	}
	if (!remoteMode && eff !== 'loopback' && eff !== 'invalid' && !(isObj(gw.controlUi) && (gw.controlUi.enabled === false || Array.isArray(gw.controlUi.allowedOrigins)))) {
		out.push({code: 'CONTROL_UI_ORIGINS', severity: 'warning', path: g('controlUi.allowedOrigins'), message: 'the Control UI only admits http://localhost and http://127.0.0.1 origins; browsers on other computers need gateway.controlUi.allowedOrigins'});
	}
	return out;
}


/** Changes the gateway applies only with a restart (hot-reload.md). */
export function needsRestart(paths: readonly Path[]): boolean {
	return paths.some(p => {
		const k = p.join('.');
		return k === 'gateway.port' || k === 'gateway.bind' || k === 'gateway.customBindHost' || k === 'gateway.auth.mode' || k.startsWith('gateway.tailscale') || k.startsWith('gateway.tls');
	});
}
