import React from 'react';
import {Box, Text} from 'ink';
import {footerHints, type Scope} from '../../core/keymap.js';
import {truncate, wrapWords} from '../../core/width.js';
import {useTheme} from '../theme.js';
import type {Message} from '../state/app-state.js';

const GLYPH = {ok: '✔', error: '✖', info: 'ℹ'} as const;

/** One line: the latest message if there is one, else the active scope's key hints from the keymap table. */
export function Footer({scope, readonly, width, message}: {scope: Scope; readonly: boolean; width: number; message?: Message}) {
	const theme = useTheme();
	if (message) {
		const color = message.kind === 'error' ? theme.bad : message.kind === 'ok' ? theme.ok : theme.accent;
		return (
			<Box flexDirection="column">
				{messageLines(message, width).map((l, i) => (
					<Text key={i} color={color} wrap="truncate">
						{l}
					</Text>
				))}
			</Box>
		);
	}
	const hints = footerHints(scope, readonly).map(h => `${h.label} ${h.hint}`);
	const text = (readonly ? '[read-only] ' : '') + hints.join(' · ');
	return (
		<Text dimColor={theme.dim} wrap="truncate">
			{truncate(text, width)}
		</Text>
	);
}

/** A message takes up to three lines (long errors are not cut off mid-reason). */
export function messageLines(message: Message, width: number): string[] {
	const lines = wrapWords(`${GLYPH[message.kind]} ${message.text}`, width);
	return lines.length > 3 ? [...lines.slice(0, 2), truncate(lines.slice(2).join(' '), width)] : lines;
}
