/**
 * A line diff for previews: unchanged lines around each change (context), `-` old, `+` new.
 * The common head and tail are trimmed by characters first, so only the changed lines (and
 * their context) are ever split and compared: linear in the file, however big.
 */
export type DiffLine = {kind: ' ' | '-' | '+'; text: string; oldNo?: number; newNo?: number};

function countLines(t: string, end: number): number {
	let n = 0;
	for (let i = t.indexOf('\n'); i !== -1 && i < end; i = t.indexOf('\n', i + 1)) n++;
	return n;
}

export function diffLines(a: string, b: string, context = 2): DiffLine[] {
	if (a === b) return [];
	// common prefix / suffix in characters, widened to whole lines
	let p = 0;
	const max = Math.min(a.length, b.length);
	while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
	let s = 0;
	while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
	const lineStart = a.lastIndexOf('\n', p - 1) + 1;
	const endA = a.indexOf('\n', a.length - s);
	const endB = b.indexOf('\n', b.length - s);
	const midA = a.slice(lineStart, endA === -1 ? a.length : endA).split('\n');
	const midB = b.slice(lineStart, endB === -1 ? b.length : endB).split('\n');
	const head = countLines(a, lineStart);
	// context lines before and after
	const before: DiffLine[] = [];
	let at = lineStart;
	for (let k = 0; k < context && at > 0; k++) {
		const st = a.lastIndexOf('\n', at - 2) + 1;
		before.unshift({kind: ' ', text: a.slice(st, at - 1), oldNo: head - k});
		at = st;
	}
	const after: DiffLine[] = [];
	let from = endA === -1 ? a.length : endA + 1;
	const tailStartNo = head + midA.length + 1;
	for (let k = 0; k < context && endA !== -1 && from <= a.length && from < a.length; k++) {
		const e = a.indexOf('\n', from);
		after.push({kind: ' ', text: a.slice(from, e === -1 ? a.length : e), oldNo: tailStartNo + k});
		if (e === -1) break;
		from = e + 1;
	}
	// LCS over the changed middle only
	let h = 0;
	while (h < midA.length && h < midB.length && midA[h] === midB[h]) h++;
	let t = 0;
	while (t < midA.length - h && t < midB.length - h && midA[midA.length - 1 - t] === midB[midB.length - 1 - t]) t++;
	const a2 = midA.slice(h, midA.length - t);
	const b2 = midB.slice(h, midB.length - t);
	const n = a2.length;
	const m = b2.length;
	const mid: DiffLine[] = midA.slice(0, h).map((x, k) => ({kind: ' ' as const, text: x, oldNo: head + k + 1, newNo: head + k + 1}));
	if (n * m > 4_000_000) {
		a2.forEach((x, k) => mid.push({kind: '-', text: x, oldNo: head + h + k + 1}));
		b2.forEach((x, k) => mid.push({kind: '+', text: x, newNo: head + h + k + 1}));
	} else {
		const lcs: number[][] = Array.from({length: n + 1}, () => new Array<number>(m + 1).fill(0));
		for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a2[i] === b2[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
		let i = 0;
		let j = 0;
		while (i < n || j < m) {
			if (i < n && j < m && a2[i] === b2[j]) {
				mid.push({kind: ' ', text: a2[i]!, oldNo: head + h + i + 1, newNo: head + h + j + 1});
				i++;
				j++;
			} else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
				mid.push({kind: '-', text: a2[i]!, oldNo: head + h + i + 1});
				i++;
			} else {
				mid.push({kind: '+', text: b2[j]!, newNo: head + h + j + 1});
				j++;
			}
		}
	}
	midA.slice(midA.length - t).forEach((x, k) => mid.push({kind: ' ', text: x, oldNo: head + midA.length - t + k + 1}));
	return [...before, ...mid, ...after];
}

export const formatDiff = (d: readonly DiffLine[]) => d.map(l => `${l.kind} ${l.text}`).join('\n');

/** Long lines (a minified file is one line) shown around the change only: `…` marks what is left out. */
export function clipLong(d: readonly DiffLine[], width = 240): DiffLine[] {
	const out = d.map(l => ({...l}));
	const cut = (t: string, at: number) => {
		if (t.length <= width) return t;
		const s = Math.max(0, Math.min(at - Math.floor(width / 3), t.length - width));
		return `${s > 0 ? '…' : ''}${t.slice(s, s + width)}${s + width < t.length ? '…' : ''}`;
	};
	for (let k = 0; k < out.length; k++) {
		const l = out[k]!;
		if (l.text.length <= width) continue;
		const other = l.kind === '-' ? out.slice(k + 1).find(x => x.kind === '+') : l.kind === '+' ? [...out.slice(0, k)].reverse().find(x => x.kind === '-') : undefined;
		let p = 0;
		const o = other ? d[out.indexOf(other)]!.text : '';
		while (p < l.text.length && p < o.length && l.text.charCodeAt(p) === o.charCodeAt(p)) p++;
		l.text = cut(l.text, other ? p : 0);
	}
	return out;
}
