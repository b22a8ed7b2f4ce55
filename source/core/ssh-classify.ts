/**
 * What the OpenSSH client's stderr says went wrong, as a code the console shows with a next
 * step (see nextStep for 'ssh-failed'). Pure. Lines are OpenSSH 9.x wording.
 */
export type SshCode = 'SSH_HOST_KEY_UNKNOWN' | 'SSH_HOST_KEY_CHANGED' | 'SSH_AUTH' | 'SSH_REFUSED' | 'SSH_TIMEOUT' | 'SSH_NO_HOST' | 'SSH_NO_GATEWAY' | 'SSH_PORT_BUSY' | 'SSH_EXITED';

const RULES: [RegExp, SshCode][] = [
	[/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i, 'SSH_HOST_KEY_CHANGED'],
	[/Host key verification failed|No \S+ host key is known|host key is not known/i, 'SSH_HOST_KEY_UNKNOWN'],
	[/Permission denied|Too many authentication failures|no more authentication methods/i, 'SSH_AUTH'],
	[/Could not resolve hostname|Name or service not known|nodename nor servname/i, 'SSH_NO_HOST'],
	[/port \d+: Connection refused/i, 'SSH_REFUSED'],
	[/Connection timed out|Operation timed out|No route to host|Network is unreachable|Connection closed by remote host|Timeout, server .* not responding/i, 'SSH_TIMEOUT'],
	[/open failed: (connect failed|administratively prohibited)|channel \d+: open failed/i, 'SSH_NO_GATEWAY'],
	[/Address already in use|cannot listen to port|Could not request local forwarding/i, 'SSH_PORT_BUSY'],
];

export function classifySshStderr(text: string): SshCode | undefined {
	for (const [re, code] of RULES) if (re.test(text)) return code;
	return undefined;
}

/** One line of detail for the state (the last meaningful stderr line, trimmed). */
export function sshDetail(text: string): string {
	const lines = text
		.split(/\r?\n/)
		.map(l => l.trim())
		.filter(l => l && !/^@+$/.test(l) && !/^(Warning: Permanently added|debug\d?:)/.test(l));
	const hit = lines.find(l => classifySshStderr(l)) ?? lines.at(-1) ?? 'ssh exited';
	return hit.length > 200 ? hit.slice(0, 200) + '…' : hit;
}

/**
 * Split MGW_TUI_SSH_COMMAND like a shell word list (quotes and backslashes; no variables,
 * no globbing, no shell): `ssh -F ~/lab/config` → ['ssh', '-F', '~/lab/config'].
 */
export function splitCommand(text: string): string[] | {error: string} {
	const out: string[] = [];
	let cur = '';
	let have = false;
	let q: '"' | "'" | undefined;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (q === "'") {
			if (c === "'") q = undefined;
			else cur += c;
		} else if (q === '"') {
			if (c === '"') q = undefined;
			else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) cur += text[++i];
			else cur += c;
		} else if (c === "'" || c === '"') {
			q = c;
			have = true;
		} else if (c === '\\' && i + 1 < text.length) {
			cur += text[++i];
			have = true;
		} else if (/\s/.test(c)) {
			if (have || cur) out.push(cur);
			cur = '';
			have = false;
		} else {
			cur += c;
			have = true;
		}
	}
	if (q) return {error: `MGW_TUI_SSH_COMMAND: unclosed ${q} quote`};
	if (have || cur) out.push(cur);
	if (!out.length) return {error: 'MGW_TUI_SSH_COMMAND is empty'};
	return out;
}
