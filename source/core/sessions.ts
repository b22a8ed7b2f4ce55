import {sanitizeLine} from './sanitize.js';
import {wrap} from './width.js';
import {matchesText, type LogFilter} from './log-ring.js';

/** Session keys of sessions this console created start `agent:<id>:` + this. */
export const OWN_SESSION_PREFIX = 'mgw-';
const LABEL_TEXT = 40;

/**
 * The label of a new session: what the task asked (first line, 40 characters) and the run's
 * short id, so a person can tell sessions apart in `openclaw tui` or the Control UI.
 */
export function sessionLabel(message: string, runId: string): string {
	const first = sanitizeLine(message.split('\n').find(l => l.trim()) ?? '').trim().replace(/\s+/g, ' ');
	const text = first.length > LABEL_TEXT ? first.slice(0, LABEL_TEXT - 1).trimEnd() + '…' : first;
	return `mgw: ${text || 'task'} #${runId.replace(/^mgw-/, '').slice(0, 6)}`;
}

/** Whether this console created the session (its key, never its label: labels can be edited). */
export const isOwnSession = (key: string) => /^agent:[^:]+:mgw-[0-9a-f-]+$/i.test(key);

export type SessionRow = {key: string; agentId?: string; title: string; label?: string; preview?: string; updatedAt?: number; active: boolean; own: boolean};
export type ChatTurn = {role: string; text: string; ts?: number; runId?: string};

/** Rows of a chat transcript wrapped to `cols`: `you ›` / `agent ›` prefixes, a blank line between turns. */
export function transcriptLines(turns: readonly ChatTurn[], cols: number): string[] {
	const out: string[] = [];
	for (const t of turns) {
		const who = t.role === 'user' ? 'you › ' : t.role === 'assistant' ? 'agent › ' : `${t.role} › `;
		const body = wrap(who + t.text, Math.max(10, cols));
		if (out.length) out.push('');
		out.push(...body);
	}
	return out;
}

/** Filter rows with the task log's `/` filter (regex, leading ! inverts) over key, title, label and preview. */
export function filterSessions(rows: readonly SessionRow[], f: LogFilter | undefined): SessionRow[] {
	return rows.filter(r => matchesText(f, [r.key, r.title, r.label, r.preview].filter(Boolean).join(' ')));
}
