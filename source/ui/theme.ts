import {createContext, useContext} from 'react';

/**
 * Semantic colours. With NO_COLOR / --no-color every colour is undefined and Ink prints
 * plain text; state is never shown by colour alone (glyphs and words carry it).
 */
export type Theme = {
	noColor: boolean;
	accent?: string;
	ok?: string;
	warn?: string;
	bad?: string;
	dim: boolean;
	focusBorder?: string;
	border?: string;
};

export function makeTheme(noColor: boolean): Theme {
	if (noColor) return {noColor, dim: false};
	return {noColor, accent: 'cyan', ok: 'green', warn: 'yellow', bad: 'red', dim: true, focusBorder: 'cyan', border: 'gray'};
}

export const ThemeContext = createContext<Theme>(makeTheme(false));
export const useTheme = () => useContext(ThemeContext);
