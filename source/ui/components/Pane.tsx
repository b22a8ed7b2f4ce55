import React, {type ReactNode} from 'react';
import {Box, Text} from 'ink';
import {truncate} from '../../core/width.js';
import {useTheme} from '../theme.js';

type Props = {index?: number; title: string; width: number; height: number; focused: boolean; status?: string; children?: ReactNode};

/** A bordered pane. Focus shows as a double border and a `▶` before the title (not colour alone). */
export function Pane({index, title, width, height, focused, status, children}: Props) {
	const theme = useTheme();
	const head = `${focused ? '▶ ' : ''}${index ? `${index} ` : ''}${title}${status ? ` · ${status}` : ''}`;
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle={focused ? 'double' : 'single'}
			borderColor={focused ? theme.focusBorder : theme.border}
			overflow="hidden"
		>
			<Box marginTop={-1} marginLeft={1} height={1} overflow="hidden">
				<Text bold={focused} color={focused ? theme.accent : undefined} wrap="truncate">
					{' ' + truncate(head, Math.max(1, width - 6)) + ' '}
				</Text>
			</Box>
			<Box flexDirection="column" paddingX={1} height={height - 2} overflow="hidden">
				{children}
			</Box>
		</Box>
	);
}
