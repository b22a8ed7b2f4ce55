import React from 'react';
import {Box, Text} from 'ink';
import {wrapWords} from '../../core/width.js';
import {hintLine} from '../../core/keymap.js';
import {Pane} from '../components/Pane.js';

export function Confirm({prompt, width}: {prompt: string; width: number}) {
	const lines = wrapWords(prompt, width - 4);
	return (
		<Pane title="Confirm" width={width} height={lines.length + 4} focused>
			<Box flexDirection="column">
				{lines.map((l, i) => (
					<Text key={i}>{l}</Text>
				))}
				<Text bold>{hintLine('confirm', false)}</Text>
			</Box>
		</Pane>
	);
}
