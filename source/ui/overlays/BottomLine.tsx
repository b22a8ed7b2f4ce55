import React from 'react';
import {Box, Text} from 'ink';
import {truncate} from '../../core/width.js';
import {useTheme} from '../theme.js';

/** A one-line prompt at the bottom (the `/` log filter), with a hint line above it. */
export function BottomLine({prompt, text, hint, width}: {prompt: string; text: string; hint: string; width: number}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column" width={width}>
			<Text dimColor={theme.dim} wrap="truncate">
				{truncate(hint, width)}
			</Text>
			<Text wrap="truncate">{truncate(prompt + text + '▏', width)}</Text>
		</Box>
	);
}
