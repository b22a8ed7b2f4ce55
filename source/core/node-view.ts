import type {NodeStatus} from './node-state.js';
import {formatBytes, loadPerCpu} from './format.js';

/**
 * What a person reads in the Nodes pane, and nothing finer: an idle console must write
 * nothing to the terminal (over SSH, every redraw is bytes). Numbers are shown to about two
 * significant figures and move only when the new value leaves a band around the one on
 * screen (hysteresis), so loopback jitter of 1–12 ms or a load wobbling 0.30↔0.34 never
 * redraws a row; uptime is shown in whole hours or days.
 */

/** Whole ms below 10, else 2 significant figures: 0.4 → "<1ms", 7.4 → "7ms", 137 → "140ms", 1234 → "1.2s". */
export function formatRtt(ms: number | undefined): string {
	if (ms === undefined || !Number.isFinite(ms)) return '—';
	if (ms < 1) return '<1ms';
	if (ms < 10) return `${Math.round(ms)}ms`;
	if (ms < 1000) return `${Number(ms.toPrecision(2))}ms`;
	return `${Number((ms / 1000).toPrecision(2))}s`;
}

/** Coarse uptime: "<1h", "5h", "3d". */
export function formatUptime(ms: number | undefined): string {
	if (ms === undefined || !Number.isFinite(ms)) return '—';
	const h = Math.floor(ms / 3_600_000);
	if (h < 1) return '<1h';
	if (h < 48) return `${h}h`;
	return `${Math.floor(h / 24)}d`;
}

/** Load per CPU, one decimal. */
export function formatLoad1(l: number | undefined): string {
	return l === undefined ? '—' : l.toFixed(1);
}

/** The uptime now, from the last snapshot. */
export const uptimeNow = (st: NodeStatus, now: number) => (st.uptimeMs === undefined ? undefined : st.uptimeMs + (st.uptimeAt ? now - st.uptimeAt : 0));

/** Keep `shown` while `raw` stays inside its band. */
const settle = (shown: number | undefined, raw: number | undefined, inBand: (shown: number, raw: number) => boolean) =>
	raw === undefined || shown === undefined || !inBand(shown, raw) ? raw : shown;

// Within 20 ms or a factor of 2 of the shown value: a LAN or loopback RTT of 1–20 ms jitters
// with the load of either end and means the same to a person; 40 → 120 ms does not.
const rttBand = (s: number, r: number) => Math.abs(r - s) <= 20 || (r >= s / 2 && r <= s * 2);
const loadBand = (s: number, r: number) => Math.abs(r - s) < 0.08;
const freeBand = (s: number, r: number) => Math.abs(r - s) <= s * 0.1;

/** Everything about a status that can show anywhere on screen, as shown (the detail view included). */
export function visibleKey(st: NodeStatus, now: number): string {
	const sys = st.system;
	return JSON.stringify({
		...st,
		since: undefined,
		uptimeAt: undefined,
		uptimeMs: formatUptime(uptimeNow(st, now)),
		rttMs: formatRtt(st.rttMs),
		system: sys && {...sys, uptimeMs: undefined, loadAverage: formatLoad1(loadPerCpu(sys)), memoryFreeBytes: formatBytes(sys.memoryFreeBytes)},
	});
}

/**
 * The status to show, given the one on screen (drawn at `shownAt`): `prev` itself (same
 * object) when nothing a person could see changed; else `next` with RTT, load and free
 * memory held at the shown value while they stay inside their band.
 */
export function settleStatus(prev: NodeStatus | undefined, next: NodeStatus, now: number, shownAt = now): NodeStatus {
	if (!prev) return next;
	const sys = next.system;
	const prevLoad = loadPerCpu(prev.system);
	const load = settle(prevLoad, loadPerCpu(sys), loadBand);
	const out: NodeStatus = {
		...next,
		// an early RTT is no anchor: the band holds only between settled medians
		rttMs: prev.rttSettled && next.rttSettled ? settle(prev.rttMs, next.rttMs, rttBand) : next.rttMs,
		system: sys && {
			...sys,
			loadAverage: load === prevLoad && prev.system?.loadAverage && sys.cpuCount === prev.system.cpuCount ? prev.system.loadAverage : sys.loadAverage,
			memoryFreeBytes: settle(prev.system?.memoryFreeBytes, sys.memoryFreeBytes, freeBand),
		},
	};
	return visibleKey(out, now) === visibleKey(prev, shownAt) ? prev : out;
}

/**
 * Settle every node; the same record back when no node changed visibly (no render, no bytes).
 * `lastRaw` (the raw statuses of the previous call) skips the nodes whose status object is
 * the same as then: one poll costs one node's comparison, not all of them.
 */
export function settleStatuses(prev: Readonly<Record<string, NodeStatus>>, next: Readonly<Record<string, NodeStatus>>, now: number, shownAt = now, lastRaw?: Readonly<Record<string, NodeStatus>>): Readonly<Record<string, NodeStatus>> {
	let changed = Object.keys(prev).length !== Object.keys(next).length;
	const out: Record<string, NodeStatus> = {};
	for (const [name, st] of Object.entries(next)) {
		const s = lastRaw && lastRaw[name] === st && prev[name] ? prev[name] : settleStatus(prev[name], st, now, shownAt);
		if (s !== prev[name]) changed = true;
		out[name] = s;
	}
	return changed ? out : prev;
}
