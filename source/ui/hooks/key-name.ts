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
	if (input === '\n') return 'ctrl+j';
	if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
	if (key.meta && input) return `meta+${input}`;
	return input;
}

/** Edit a value with a key; returns undefined when the key is not an edit. `multiline` keeps pasted newlines. */
export function editText(value: string, input: string, key: Key, multiline = false): string | undefined {
	if (key.backspace || key.delete) return value.slice(0, -1);
	if (key.ctrl && input === 'u') return '';
	if (key.ctrl && input === 'w') return value.replace(/\S+\s*$/, '');
	if (key.ctrl || key.meta || key.escape || key.return || key.tab || key.upArrow || key.downArrow) return undefined;
	if (!input) return undefined;
	// Drop control characters a paste may carry.
	const text = multiline ? input.replace(/\r\n?/g, '\n') : input;
	const clean = text.replace(multiline ? /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g : /[\u0000-\u001f\u007f-\u009f]/g, '');
	return clean ? value + clean : undefined;
}
