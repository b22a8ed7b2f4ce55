import type {SystemInfo} from './node-state.js';

/** Load average (1 min) per CPU, e.g. "0.32". */
export function loadPerCpu(sys: SystemInfo | undefined): number | undefined {
	const l = sys?.loadAverage?.[0];
	if (typeof l !== 'number' || !sys?.cpuCount) return undefined;
	return l / sys.cpuCount;
}

export function formatLoad(sys: SystemInfo | undefined): string {
	const l = loadPerCpu(sys);
	return l === undefined ? '—' : l.toFixed(2);
}

export function formatBytes(n: number | undefined): string {
	if (n === undefined) return '—';
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let v = n;
	let i = 0;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return `${v.toFixed(v < 10 && i ? 1 : 0)} ${units[i]}`;
}

export function formatDuration(ms: number | undefined): string {
	if (ms === undefined || !Number.isFinite(ms)) return '—';
	const s = Math.floor(ms / 1000);
	if (s < 60) return `${s}s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m`;
	const h = Math.floor(m / 60);
	if (h < 48) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
	return `${Math.floor(h / 24)}d`;
}
