import React from 'react';
import {Box, Text} from 'ink';
import type {FieldErrors, NodeField, NodeInput} from '../../core/nodes.js';
import {fit, truncate} from '../../core/width.js';
import {Pane} from '../components/Pane.js';
import {hintLine} from '../../core/keymap.js';
import {useTheme} from '../theme.js';
import {FORM_FIELDS} from '../state/app-state.js';

const LABELS: Record<NodeField, string> = {name: '名称 Name', host: 'IP / Host', port: '端口 Port', auth: 'Auth', token: 'Token', ssh: 'SSH via', tls: 'TLS pin', tags: 'Tags'};
const HELP: Record<NodeField, string> = {
	name: 'unique, e.g. AI电脑',
	host: 'IP/host, ws://…, wss://… (TLS) or https://name.tailnet.ts.net',
	port: '1–65535, default 18789 (a port in the address wins)',
	auth: 'token or password (gateway.auth.mode of that computer)',
	token: "that computer's gateway.auth.token (or .password)",
	ssh: 'optional: ~/.ssh/config alias or user@host[:port]; safest route',
	tls: 'optional: SHA-256 of a self-signed wss certificate',
	tags: 'space separated, e.g. gpu mac',
};

type Props = {mode: 'add' | 'edit'; original?: string; values: NodeInput; errors: FieldErrors; field: number; width: number; height: number; reveal: boolean};

/** The add / edit node form: one line per field, the bad field's message right under it. */
export function NodeForm({mode, original, values, errors, field, width, height, reveal}: Props) {
	const theme = useTheme();
	const inner = width - 4;
	const valueWidth = Math.max(10, inner - 14);
	return (
		<Pane title={mode === 'add' ? 'Add node' : `Edit node ${original ?? ''}`} width={width} height={height} focused>
			<Box flexDirection="column">
				{FORM_FIELDS.map((f, i) => {
					const active = i === field;
					let shown = values[f] ?? '';
					if (f === 'token' && !reveal) shown = '•'.repeat(Math.min(shown.length, 24));
					if (f === 'token' && mode === 'edit' && !values.token) shown = '(unchanged — type to replace)';
					const cursor = active ? '▏' : '';
					return (
						<Box key={f} flexDirection="column">
							<Text wrap="truncate" bold={active}>
								{(active ? '› ' : '  ') + fit(LABELS[f], 11) + ' '}
								<Text inverse={active}>{truncate(shown + cursor, valueWidth)}</Text>
							</Text>
							{errors[f] ? (
								<Text color={theme.bad} wrap="truncate">
									{'    ✖ ' + truncate(errors[f]!, inner - 6)}
								</Text>
							) : active ? (
								<Text dimColor={theme.dim} wrap="truncate">
									{'    ' + truncate(HELP[f], inner - 4)}
								</Text>
							) : null}
						</Box>
					);
				})}
				<Text> </Text>
				<Text dimColor={theme.dim} wrap="truncate">
					{truncate(hintLine('form', false), inner)}
				</Text>
			</Box>
		</Pane>
	);
}
