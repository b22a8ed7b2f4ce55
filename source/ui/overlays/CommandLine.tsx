import React from 'react';
import {Box, Text} from 'ink';
import {completeCommand} from '../../core/commands.js';
import {truncate} from '../../core/width.js';
import {useTheme} from '../theme.js';

/** The `:` line at the bottom, with the command names that match what is typed so far. */
export function CommandLine({text, width, readonly}: {text: string; width: number; readonly: boolean}) {
	const theme = useTheme();
	const word = text.trimStart().split(/\s/)[0] ?? '';
	const matches = text.includes(' ') ? [] : completeCommand(word, readonly);
	return (
		<Box flexDirection="column" width={width}>
			<Text dimColor={theme.dim} wrap="truncate">
				{truncate(matches.length ? matches.map(m => ':' + m).join('  ') : ' ', width)}
			</Text>
			<Text wrap="truncate">{truncate(':' + text + '▏', width)}</Text>
		</Box>
	);
}
