import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

/** Terminal size, updated on resize (Ink 6 has no useWindowSize). */
export function useViewport(): {cols: number; rows: number} {
	const {stdout} = useStdout();
	const read = () => ({cols: stdout.columns || 80, rows: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [stdout]);
	return size;
}
