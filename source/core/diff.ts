/**
 * A line diff for previews: unchanged lines around each change (context), `-` old, `+` new.
 * Common head and tail are trimmed first, so the LCS only runs over the changed middle.
 */
export type DiffLine = {kind: ' ' | '-' | '+'; text: string; oldNo?: number; newNo?: number};

export function diffLines(a: string, b: string, context = 2): DiffLine[] {
	const A = a.split('\n');
	const B = b.split('\n');
	let head = 0;
	while (head < A.length && head < B.length && A[head] === B[head]) head++;
	let tail = 0;
	while (tail < A.length - head && tail < B.length - head && A[A.length - 1 - tail] === B[B.length - 1 - tail]) tail++;
	const a2 = A.slice(head, A.length - tail);
	const b2 = B.slice(head, B.length - tail);
	const n = a2.length;
	const m = b2.length;
	const lcs: number[][] = Array.from({length: n + 1}, () => new Array<number>(m + 1).fill(0));
	for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a2[i] === b2[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
	const mid: DiffLine[] = [];
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && a2[i] === b2[j]) {
			mid.push({kind: ' ', text: a2[i]!, oldNo: head + i + 1, newNo: head + j + 1});
			i++;
			j++;
		} else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
			mid.push({kind: '-', text: a2[i]!, oldNo: head + i + 1});
			i++;
		} else {
			mid.push({kind: '+', text: b2[j]!, newNo: head + j + 1});
			j++;
		}
	}
	const before = A.slice(Math.max(0, head - context), head).map((t, k) => ({kind: ' ' as const, text: t, oldNo: head - Math.min(head, context) + k + 1}));
	const after = A.slice(A.length - tail, A.length - tail + context).map((t, k) => ({kind: ' ' as const, text: t, oldNo: A.length - tail + k + 1}));
	return mid.length ? [...before, ...mid, ...after] : [];
}

export const formatDiff = (d: readonly DiffLine[]) => d.map(l => `${l.kind} ${l.text}`).join('\n');
