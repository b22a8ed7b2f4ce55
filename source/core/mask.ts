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
