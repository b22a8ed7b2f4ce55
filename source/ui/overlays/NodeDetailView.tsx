import React from 'react';
import {Box, Text} from 'ink';
import type {NodeDraft} from '../../core/nodes.js';
import {nextStep, STATE_LOOK, type NodeStatus} from '../../core/node-state.js';
import {formatBytes, formatDuration, formatLoad} from '../../core/format.js';
import {truncate, wrapField} from '../../core/width.js';
import {hintLine} from '../../core/keymap.js';
import type {NodeDetail} from '../../net/fleet.js';
import {Pane} from '../components/Pane.js';
import {displayAddress, routeLabel} from '../../core/route.js';
import {useTheme} from '../theme.js';

type Props = {node: NodeDraft; status?: NodeStatus; detail?: NodeDetail; width: number; height: number};

/** Everything about one node. Remote values arrive typed and cleaned from net/; OpenClaw's own "nodes" appear as devices. */
export function NodeDetailView({node, status = {state: 'unknown'}, detail, width, height}: Props) {
	const theme = useTheme();
	const look = STATE_LOOK[status.state];
	const s = (v: string | undefined) => v ?? '—';
	const sys = detail?.system ?? status.system;
	const uptime = status.uptimeMs !== undefined && status.uptimeAt ? status.uptimeMs + (Date.now() - status.uptimeAt) : status.uptimeMs;
	const lines: [string, string][] = [
		['State', `${look.glyph} ${look.word}${status.rttMs !== undefined ? ` · ${Math.round(status.rttMs)} ms` : ''}${status.code ? ` · ${status.code}` : ''}${status.detail ? ` · ${s(status.detail)}` : ''}`],
		['Next step', nextStep(status, node)],
		['Gateway', `${displayAddress(node)} · OpenClaw ${s(status.version)} · up ${formatDuration(uptime)}`],
		['Route', `${routeLabel(node)}${node.ssh ? ` (ssh -L via ${node.ssh}; the gateway sees a loopback client)` : ''}${node.secretKind === 'password' ? ' · password auth' : ''}`],
		...(node.scheme === 'wss'
			? ([
					['TLS pin', node.tlsFingerprint ?? 'none (CA-valid certificates only)'],
					['Presented', status.presented ?? '—'],
				] as [string, string][])
			: []),
		['System', sys ? `${s(sys.hostname)} · ${s(sys.osLabel ?? sys.platform)} · ${s(sys.arch)} · ${sys.cpuCount ?? '?'} CPU · load/CPU ${formatLoad(sys)}` : '—'],
		['Memory', sys ? `${formatBytes(sys.memoryFreeBytes)} free of ${formatBytes(sys.memoryTotalBytes)}` : '—'],
		['Health', detail?.health ? `${detail.health.ok ? 'ok' : 'NOT ok'} · default agent ${s(detail.health.defaultAgentId)} · ${detail.health.sessions ?? '?'} sessions` : '—'],
		['Agents', detail?.agents ? detail.agents.map(a => s(a.id) + (a.name ? ` (${s(a.name)})` : '')).join(', ') || 'none' : '—'],
		['Devices', detail?.devices ? `${detail.devices.paired} paired, ${detail.devices.pending} pending (OpenClaw's paired nodes)` : '—'],
		['Active runs', status.activeRuns === undefined ? '—' : String(status.activeRuns)],
		['Scopes', status.scopes?.join(', ') || '—'],
		['Tags', node.tags.join(' ') || '—'],
		['Last error', s(status.lastError ?? detail?.errors.join('; ') ?? undefined) || '—'],
	];
	const stateColor = look.tone === 'ok' ? theme.ok : look.tone === 'bad' ? theme.bad : look.tone === 'warn' ? theme.warn : undefined;
	// Values wrap (the next step, the approve command, the last error are to be read whole); only when
	// the overlay is too short does the end get cut, marked with …
	const LABEL = 12;
	const rows = lines.flatMap(([k, v]) => wrapField(k, v, width - 4, LABEL).map((l, i) => ({k, first: i === 0, label: l.slice(0, LABEL), text: l.slice(LABEL)})));
	if (!detail && status.state === 'online') rows.push({k: 'loading', first: true, label: '', text: 'loading detail…'});
	const room = Math.max(1, height - 2);
	const shown = rows.length > room ? [...rows.slice(0, room - 1), {k: 'more', first: false, label: '', text: '…'}] : rows;
	return (
		<Pane title={`Node ${node.name}`} status={hintLine('detail', false)} width={width} height={height} focused>
			<Box flexDirection="column">
				{shown.map((r, i) => (
					<Text key={i} wrap="truncate">
						<Text bold>{r.label}</Text>
						<Text color={r.k === 'State' ? stateColor : undefined} dimColor={r.k === 'loading' && theme.dim}>
							{truncate(r.text, width - 4 - LABEL)}
						</Text>
					</Text>
				))}
			</Box>
		</Pane>
	);
}
