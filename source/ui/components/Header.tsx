import React from 'react';
import {Text} from 'ink';
import {truncate} from '../../core/width.js';
import {useTheme} from '../theme.js';

export function Header({width, parts}: {width: number; parts: string[]}) {
	const theme = useTheme();
	return (
		<Text bold color={theme.accent} wrap="truncate">
			{truncate(' mgw-tui · ' + parts.filter(Boolean).join(' · '), width)}
		</Text>
	);
}
