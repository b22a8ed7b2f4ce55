import {checkGateway, GENERATED, type Finding, type Op, type Path} from './gateway-check.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const key = (f: Finding) => `${f.code}:${f.path.join('.')}`;

/**
 * Rules that decide a value others also propose win over them: Tailscale serve/funnel decide the
 * bind (loopback), funnel decides password auth. Their fixes are applied last in each round.
 */
const DECIDERS = ['AUTH_REQUIRED', 'AUTH_TOKEN_MISSING', 'TAILSCALE_NO_AUTH', 'FUNNEL_PASSWORD', 'TAILSCALE_LOOPBACK'];
const rank = (f: Finding) => DECIDERS.indexOf(f.code) + 1;

export type Plan = {
	/** The edits, minimal: every changed value of the gateway section once. */
	ops: Op[];
	/** Problems (errors) the file has now that the plan removes. */
	solved: Finding[];
	/** What is left after the plan (errors and warnings): for a person, listed, never blocking the write. */
	left: Finding[];
	/** The start-up verdict for the planned result. */
	starts: boolean;
};

function setIn(root: Record<string, unknown>, path: Path, value: unknown, remove: boolean) {
	let node = root;
	for (const k of path.slice(0, -1)) {
		if (!isObj(node[k])) node[k] = {};
		node = node[k] as Record<string, unknown>;
	}
	if (remove) delete node[path.at(-1)!];
	else node[path.at(-1)!] = value;
}

/** Apply ops to a copy of a config value (secrets stand in as GENERATED markers). */
export function applyToValue(config: unknown, ops: readonly Op[], secrets: {token?: string; password?: string} = {}): Record<string, unknown> {
	const root = structuredClone(isObj(config) ? config : {});
	for (const op of ops) setIn(root, op.path, op.secret ? (secrets[op.secret] ?? `${GENERATED}${op.secret}`) : structuredClone(op.value), Boolean(op.remove));
	return root;
}

function diffOps(a: unknown, b: unknown, path: string[], out: Op[]) {
	if (isObj(a) && isObj(b)) {
		for (const k of Object.keys(a)) if (!(k in b)) out.push({path: [...path, k], remove: true});
		for (const k of Object.keys(b)) if (!(k in a)) pushSet([...path, k], b[k], out);
		else diffOps(a[k], b[k], [...path, k], out);
		return;
	}
	if (JSON.stringify(a) !== JSON.stringify(b)) pushSet(path, b, out);
}
function pushSet(path: string[], v: unknown, out: Op[]) {
	if (typeof v === 'string' && v.startsWith(GENERATED)) out.push({path, secret: v.slice(GENERATED.length) as 'token' | 'password'});
	else if (isObj(v) && JSON.stringify(v).includes(JSON.stringify(GENERATED).slice(1, -1))) for (const [k, x] of Object.entries(v)) pushSet([...path, k], x, out);
	else out.push({path, value: v});
}

/**
 * One consistent plan for the whole gateway section: every finding's fix is applied together on
 * a copy, deciders last, and the result re-checked until nothing more can be fixed (bounded);
 * the ops are the difference between the section now and the planned one. Pure.
 */
export function planFixes(config: unknown, {env = {}, only, redacted = false}: {env?: Record<string, string | undefined>; only?: Finding; redacted?: boolean} = {}): Plan {
	const before = checkGateway(config, {env, redacted});
	let cur = applyToValue(config, []);
	if (only) cur = applyToValue(cur, only.fix?.ops ?? []);
	else {
		for (let round = 0; round < 6; round++) {
			const fixable = checkGateway(cur, {env, redacted}).filter(f => f.fix);
			if (fixable.length === 0) break;
			const next = applyToValue(cur, fixable.sort((x, y) => rank(x) - rank(y)).flatMap(f => f.fix!.ops));
			if (JSON.stringify(next) === JSON.stringify(cur)) break;
			cur = next;
		}
	}
	const ops: Op[] = [];
	diffOps(isObj(config) ? config.gateway : undefined, cur.gateway, ['gateway'], ops);
	const after = checkGateway(cur, {env, redacted});
	const now = new Set(after.map(key));
	return {ops, solved: before.filter(f => f.severity === 'error' && !now.has(key(f))), left: after, starts: startsWith(after)};
}

/** Whether the gateway would start: no error findings (warnings never stop it). */
export const startsWith = (findings: readonly Finding[]) => !findings.some(f => f.severity === 'error' && f.code !== 'SECRET_WEAK');

/** New error findings `next` has that `prev` did not: what makes a write refused. */
export function addedProblems(prev: readonly Finding[], next: readonly Finding[]): Finding[] {
	const had = new Set(prev.map(key));
	return next.filter(f => f.severity === 'error' && !had.has(key(f)));
}

/** The verdict line shown in every preview, before the confirm. */
export function verdictLine(findings: readonly Finding[]): string {
	if (findings.some(f => f.code === 'MODE_REMOTE')) return 'client only (mode "remote"): no gateway starts on this computer';
	const errs = findings.filter(f => f.severity === 'error');
	const blocking = errs.filter(f => f.code !== 'SECRET_WEAK');
	if (blocking.length) return `✖ the gateway would NOT start: ${blocking.map(f => f.message).join('; ')}`;
	if (errs.length) return `✔ the gateway would start · ✖ still ${errs.map(f => f.message).join('; ')}`;
	return '✔ the gateway would start (only the gateway section is checked; run openclaw config validate for the rest)';
}
