import React from 'react';
import {Box, Text} from 'ink';
import {hintLine, type Scope} from '../../core/keymap.js';
import {parseFilter} from '../../core/log-ring.js';
import {visibleRows} from '../../core/log-view.js';
import {filterSessions, transcriptLines} from '../../core/sessions.js';
import {truncate, wrapWords} from '../../core/width.js';
import {formatDuration} from '../../core/format.js';
import type {ChatDialog, DevicesDialog, GatewayLogDialog, SessionsDialog} from '../../core/fleet-dialogs.js';
import type {GatewayLogPort} from '../services.js';
import {Pane} from '../components/Pane.js';
import {useTheme} from '../theme.js';

type Line = {text: string; bold?: boolean; tone?: 'ok' | 'bad' | 'warn' | 'dim'};

/** A full-screen overlay: a title, rows that fit (the caller picks which), the scope's keys wrapped at the bottom. */
function Frame({title, status, lines, scope, readonly, width, height}: {title: string; status?: string; lines: Line[]; scope: Scope; readonly: boolean; width: number; height: number}) {
	const theme = useTheme();
	const hint = wrapWords(hintLine(scope, readonly), width - 4);
	const room = Math.max(1, height - 2 - hint.length);
	const color = (t?: Line['tone']) => (t === 'ok' ? theme.ok : t === 'bad' ? theme.bad : t === 'warn' ? theme.warn : undefined);
	return (
		<Pane title={title} status={status} width={width} height={height} focused>
			<Box flexDirection="column" height={room}>
				{lines.slice(0, room).map((l, i) => (
					<Text key={i} wrap="truncate" bold={l.bold} color={color(l.tone)} dimColor={l.tone === 'dim' && theme.dim}>
						{truncate(l.text, width - 4)}
					</Text>
				))}
			</Box>
			{hint.map((h, i) => (
				<Text key={`h${i}`} dimColor={theme.dim} wrap="truncate">
					{h}
				</Text>
			))}
		</Pane>
	);
}

const ago = (ts?: number) => (ts ? `${formatDuration(Date.now() - ts)} ago` : '');
/** Rows around the cursor so it stays visible: two lines per entry. */
function windowed<T>(rows: T[], cursor: number, room: number): {items: T[]; first: number} {
	const per = Math.max(1, Math.floor(room / 2));
	const first = Math.max(0, Math.min(cursor - Math.floor(per / 2), rows.length - per));
	return {items: rows.slice(first, first + per), first};
}

export function SessionsView({o, readonly, width, height}: {o: SessionsDialog; readonly: boolean; width: number; height: number}) {
	const f = parseFilter(o.filter ?? '');
	const rows = filterSessions(o.rows ?? [], f && !('error' in f) ? f : undefined);
	const lines: Line[] = [];
	if (o.error) lines.push(...wrapWords(`✖ ${o.error}`, width - 4).map(text => ({text, tone: 'bad' as const})));
	else if (!o.rows) lines.push({text: 'loading sessions (sessions.list)…', tone: 'dim'});
	else if (rows.length === 0) lines.push({text: o.filter ? `no session matches /${o.filter}` : 'no sessions on this node yet', tone: 'dim'});
	const {items, first} = windowed(rows, o.cursor, height - 5);
	items.forEach((r, i) => {
		const sel = first + i === o.cursor;
		lines.push({text: `${sel ? '›' : ' '} ${r.active ? '▶ ' : ''}${r.title}${r.own ? ' (ours)' : ''} · ${ago(r.updatedAt)}`, bold: sel});
		lines.push({text: `    ${r.preview ?? r.key}`, tone: 'dim'});
	});
	const status = `${rows.length}${o.rows && rows.length !== o.rows.length ? ` of ${o.rows.length}` : ''} session${rows.length === 1 ? '' : 's'}${o.filter ? ` · /${o.filter}` : ''}`;
	return <Frame title={`Sessions · ${o.node}`} status={status} lines={lines} scope="sessions" readonly={readonly} width={width} height={height} />;
}

export function ChatView({o, readonly, width, height}: {o: ChatDialog; readonly: boolean; width: number; height: number}) {
	const all: Line[] = o.error
		? wrapWords(`✖ ${o.error}`, width - 4).map(text => ({text, tone: 'bad' as const}))
		: !o.turns
			? [{text: 'loading history (chat.history)…', tone: 'dim'}]
			: o.turns.length === 0
				? [{text: 'no messages in this session', tone: 'dim'}]
				: transcriptLines(o.turns, width - 4).map(text => ({text, bold: text.startsWith('you › ')}));
	const room = Math.max(1, height - 4);
	const start = Math.max(0, all.length - room - o.scroll);
	return <Frame title={`Session · ${o.title}`} status={`${o.node} · ${o.key}`} lines={all.slice(start, start + room)} scope="chat" readonly={readonly} width={width} height={height} />;
}

export function DevicesView({o, readonly, width, height}: {o: DevicesDialog; readonly: boolean; width: number; height: number}) {
	const lines: Line[] = [];
	if (o.error) lines.push(...wrapWords(`✖ ${o.error}`, width - 4).map(text => ({text, tone: 'bad' as const})));
	else if (!o.rows) lines.push({text: 'loading devices (device.pair.list)…', tone: 'dim'});
	const rows = o.rows ?? [];
	const pending = rows.filter(r => r.kind === 'pending').length;
	const {items, first} = windowed(rows, o.cursor, height - 5);
	items.forEach((r, i) => {
		const sel = first + i === o.cursor;
		lines.push({text: `${sel ? '›' : ' '} ${r.kind === 'pending' ? '◌ pending' : r.connected ? '● paired ' : '○ paired '} ${r.name}`, bold: sel, tone: r.kind === 'pending' ? 'warn' : undefined});
		lines.push({text: `    ${r.detail}${r.kind === 'pending' ? ` · request ${r.requestId}` : ` · ${r.deviceId.slice(0, 16)}…`}`, tone: 'dim'});
	});
	return <Frame title={`Devices · ${o.node}`} status={`${pending} pending · ${rows.length - pending} paired`} lines={lines} scope="devices" readonly={readonly} width={width} height={height} />;
}

export function GatewayLogView({o, log, readonly, width, height}: {o: GatewayLogDialog; log?: GatewayLogPort; version: number; readonly: boolean; width: number; height: number}) {
	const f = parseFilter(o.filter ?? '');
	const room = Math.max(1, height - 4);
	const lines: Line[] = [];
	if (log?.error) lines.push(...wrapWords(`✖ ${log.error}`, width - 4).map(text => ({text, tone: 'bad' as const})));
	const {rows, matched} = log ? visibleRows(log.ring, {cols: width - 4, rows: room - lines.length, skip: o.follow ? 0 : o.scroll, filter: f && !('error' in f) ? f : undefined}) : {rows: [], matched: 0};
	if (!log?.error && log && log.ring.size === 0) lines.push({text: 'waiting for log lines (logs.tail)…', tone: 'dim'});
	lines.push(...rows.map(r => ({text: r.text, tone: r.kind === 'error' ? ('bad' as const) : r.kind === 'warn' ? ('warn' as const) : undefined})));
	const status = `${o.follow ? 'follow' : 'paused'} · ${matched} line${matched === 1 ? '' : 's'}${o.filter ? ` · /${o.filter}` : ''}`;
	return <Frame title={`Gateway log · ${o.node}`} status={status} lines={lines} scope="gatewayLog" readonly={readonly} width={width} height={height} />;
}
