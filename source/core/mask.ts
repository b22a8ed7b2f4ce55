/** Tokens are shown as `••••9a0b`: the last four characters only, and only for tokens long enough to hide the rest. */
export function maskToken(token: string | undefined): string {
	if (!token) return '—';
	if (token.length <= 8) return '••••';
	return '••••' + token.slice(-4);
}

/** Replace every occurrence of any secret (of 4+ characters) in `text` with its masked form. */
export function redact(text: string, secrets: Iterable<string>): string {
	let out = text;
	for (const s of secrets) {
		if (s && s.length >= 4) out = out.split(s).join(maskToken(s));
	}
	return out;
}

const SECRET_KEY = /(token|password|secret|api[-_]?key|private[-_]?key)$/i;

/** Every secret-looking string value in a config section (keys ending token/password/secret/apiKey), bounded. */
export function secretsIn(v: unknown, out: string[] = [], depth = 0): string[] {
	if (depth > 12 || out.length > 200 || typeof v !== 'object' || v === null) return out;
	for (const [k, x] of Object.entries(v)) {
		if (typeof x === 'string' && SECRET_KEY.test(k)) out.push(x);
		else secretsIn(x, out, depth + 1);
	}
	return out;
}

/** A line of config text with secret values masked: by key (`token: "…"`, any length) and by known value. */
export function maskLine(line: string, secrets: Iterable<string>): string {
	const byKey = line.replace(/((?:["']?)[\w-]*(?:token|password|secret|api[-_]?key|private[-_]?key)["']?\s*:\s*)(["'])((?:\\.|(?!\2).)*)\2/gi, (_m, head: string, q: string, val: string) => `${head}${q}${val.startsWith('${') ? val : maskToken(val)}${q}`);
	return redact(byKey, secrets);
}
