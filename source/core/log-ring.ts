/** One line of the task log. `text` is already sanitised. */
export type LogEntry = {seq: number; ts: number; node: string; task: string; kind: 'route' | 'info' | 'text' | 'tool' | 'done' | 'error' | 'warn'; text: string};

/**
 * A bounded ring buffer of log entries: memory stays flat however long the console runs
 * (default 5 000 entries; an entry's text is capped at 4 000 characters). Entries can be
 * updated in place while still in the ring (streaming text grows its own line).
 */
export class LogRing {
	#buf: (LogEntry | undefined)[];
	#next = 0; // seq of the next entry
	version = 0;

	constructor(readonly capacity = 5000) {
		this.#buf = new Array(capacity);
	}

	get size(): number {
		return Math.min(this.#next, this.capacity);
	}
	get firstSeq(): number {
		return Math.max(0, this.#next - this.capacity);
	}
	get nextSeq(): number {
		return this.#next;
	}

	push(e: Omit<LogEntry, 'seq'>): number {
		const seq = this.#next++;
		this.#buf[seq % this.capacity] = {...e, seq, text: cap(e.text)};
		this.version++;
		return seq;
	}

	get(seq: number): LogEntry | undefined {
		if (seq < this.firstSeq || seq >= this.#next) return undefined;
		return this.#buf[seq % this.capacity];
	}

	/** Replace the text of an entry still in the ring; false when it has rotated out. */
	update(seq: number, text: string): boolean {
		const e = this.get(seq);
		if (!e) return false;
		this.#buf[seq % this.capacity] = {...e, text: cap(text)};
		this.version++;
		return true;
	}

	/** Entries from newest to oldest. */
	*reverse(): Generator<LogEntry> {
		for (let s = this.#next - 1; s >= this.firstSeq; s--) yield this.#buf[s % this.capacity]!;
	}
}

const MAX_TEXT = 4000;
const cap = (t: string) => (t.length > MAX_TEXT ? '…' + t.slice(t.length - MAX_TEXT + 1) : t);

/** A log filter: a regex (case-insensitive); a leading `!` keeps lines that do NOT match. */
export type LogFilter = {source: string; re: RegExp; invert: boolean};

export function parseFilter(text: string): LogFilter | {error: string} | undefined {
	const t = text.trim();
	if (!t) return undefined;
	const invert = t.startsWith('!');
	const body = invert ? t.slice(1) : t;
	try {
		return {source: t, re: new RegExp(body, 'i'), invert};
	} catch (e) {
		return {error: `bad regex "${body}": ${(e as Error).message}`};
	}
}

export function matches(f: LogFilter | undefined, e: LogEntry): boolean {
	return matchesText(f, `${e.node} ${e.task} ${e.text}`);
}

/** The same filter over any text (the gateway log, the sessions list). */
export function matchesText(f: LogFilter | undefined, text: string): boolean {
	if (!f) return true;
	const hit = f.re.test(text);
	return f.invert ? !hit : hit;
}
