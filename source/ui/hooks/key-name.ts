import type {Key} from 'ink';

/** Normalise Ink's (input, key) into the names the keymap table uses. */
export function keyName(input: string, key: Key): string {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.return) return key.meta ? 'meta+return' : 'return';
	if (key.escape) return 'escape';
	if (key.tab) return key.shift ? 'shift+tab' : 'tab';
	if (key.backspace) return 'backspace';
	if (key.delete) return 'delete';
	if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
	if (key.meta && input) return `meta+${input}`;
	return input;
}

/** Edit a single-line value with a key; returns undefined when the key is not an edit. */
export function editText(value: string, input: string, key: Key): string | undefined {
	if (key.backspace || key.delete) return value.slice(0, -1);
	if (key.ctrl && input === 'u') return '';
	if (key.ctrl && input === 'w') return value.replace(/\S+\s*$/, '');
	if (key.ctrl || key.meta || key.escape || key.return || key.tab || key.upArrow || key.downArrow) return undefined;
	if (!input) return undefined;
	// Drop control characters a paste may carry.
	const clean = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
	return clean ? value + clean : undefined;
}
