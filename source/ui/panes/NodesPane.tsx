import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import type {NodeDraft} from '../../core/nodes.js';
import {STATE_LOOK, type NodeStatus} from '../../core/node-state.js';
import {maskToken} from '../../core/mask.js';
import type {ColumnSpec} from '../../core/table-layout.js';
import {formatBytes, loadPerCpu} from '../../core/format.js';
import {formatLoad1, formatRtt, formatUptime, uptimeNow} from '../../core/node-view.js';
import {Table, type TableRow} from '../components/Table.js';
import {visibleNodes} from '../../core/node-filter.js';
import {useTheme, type Theme} from '../theme.js';
import {routeLabel} from '../../core/route.js';
import {width as cellWidth} from '../../core/width.js';


const COLUMNS: ColumnSpec[] = [
	{key: 'state', title: 'STATE', min: 13, max: 23},
	{key: 'name', title: '名称 NAME', min: 10, max: 20},
	{key: 'host', title: 'IP / HOST', min: 12, max: 28},
	{key: 'port', title: 'PORT', min: 5, align: 'right'},
	{key: 'route', title: 'ROUTE', min: 9, max: 16, drop: 1},
	{key: 'token', title: 'TOKEN', min: 8, max: 40},
	{key: 'rtt', title: 'RTT', min: 5, align: 'right', drop: 2},
	{key: 'version', title: 'VERSION', min: 8, max: 10, drop: 4},
	{key: 'load', title: 'LOAD', min: 4, max: 9, drop: 3},
	{key: 'runs', title: 'RUNS', min: 4, align: 'right', drop: 6},
	{key: 'up', title: 'UP', min: 4, max: 7, align: 'right', drop: 7},
	{key: 'free', title: 'FREE', min: 7, max: 9, align: 'right', drop: 8},
	{key: 'tags', title: 'TAGS', min: 4, max: 20, drop: 5},
];

/** The route column shows only when some node is reached another way than plain ws. */
const PLAIN = COLUMNS.filter(c => c.key !== 'route');

const toneColor = (theme: Theme, tone: string) => (tone === 'ok' ? theme.ok : tone === 'warn' ? theme.warn : tone === 'bad' ? theme.bad : undefined);

type Props = {nodes: readonly NodeDraft[]; statuses: Readonly<Record<string, NodeStatus | undefined>>; filter?: string; selected: number; focused: boolean; reveal: boolean; width: number; height: number};

function nodeRow(n: NodeDraft, status: NodeStatus | undefined, reveal: boolean, theme: Theme, now: number): TableRow {
	const st = status ?? {state: 'unknown' as const};
	const look = STATE_LOOK[st.state];
	return {
		id: n.name,
		cells: {
			// ◌N: devices waiting for approval there (p in the node's detail)
			state: `${look.glyph} ${look.word}${st.pendingDevices ? ` ◌${st.pendingDevices}` : ''}`,
			name: n.name,
			host: n.host,
			port: String(n.port),
			route: routeLabel(n),
			token: reveal ? n.token || '—' : maskToken(n.token),
			rtt: formatRtt(st.rttMs),
			version: st.version ?? '—',
			load: formatLoad1(loadPerCpu(st.system)),
			runs: st.activeRuns === undefined ? '—' : String(st.activeRuns),
			up: formatUptime(uptimeNow(st, now)),
			free: formatBytes(st.system?.memoryFreeBytes),
			tags: n.tags.join(' '),
		},
		colors: {state: toneColor(theme, look.tone)},
	};
}

export const NodesPane = React.memo(function NodesPane({nodes: all, statuses, filter, selected: selectedIndex, focused, reveal, width, height}: Props) {
	const theme = useTheme();
	// Rows (and the table's column layout) are rebuilt only when nodes, statuses, the filter or
	// the token mask change — not on every ↑/↓: at 1 000 nodes a key costs the visible rows only.
	const {allRows, columns} = useMemo(() => {
		const now = Date.now();
		const allRows = all.map(n => nodeRow(n, statuses[n.name], reveal, theme, now));
		const routed = all.some(n => n.scheme === 'wss' || n.ssh);
		// the state word is never cut ("untrusted certificate"): other columns shrink or drop first
		const stateMin = Math.max(13, ...allRows.map(r => cellWidth(r.cells.state ?? '')));
		return {allRows, columns: (routed ? COLUMNS : PLAIN).map(c => (c.key === 'state' ? {...c, min: stateMin} : c))};
	}, [all, statuses, reveal, theme]);
	const {shown, rows} = useMemo(() => {
		const shown = filter ? visibleNodes(all, statuses, filter) : undefined;
		return {shown, rows: shown ? shown.map(i => allRows[i]!) : allRows};
	}, [all, allRows, statuses, filter]);
	const selected = shown ? Math.max(0, shown.indexOf(selectedIndex)) : selectedIndex;
	if (shown && rows.length === 0) {
		return (
			<Text wrap="truncate">
				No node matches "{filter}" ({all.length} in all) — / to change, empty clears
			</Text>
		);
	}
	if (rows.length === 0) {
		const lines = [
			'No nodes yet. A node is one OpenClaw gateway on one computer.',
			'  a            add one (name, IP, port 18789, token)',
			'  :import FILE import the table from TOOLS.md / MEMORY.md',
			'  headless:    mgw-tui nodes import FILE',
		];
		return (
			<Box flexDirection="column">
				{lines.slice(0, Math.max(1, height)).map(l => (
					<Text key={l} wrap="truncate">
						{l}
					</Text>
				))}
			</Box>
		);
	}
	return <Table columns={columns} rows={rows} measure={allRows} width={width} height={height} selected={selected} focused={focused} />;
});
