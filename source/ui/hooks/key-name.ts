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
