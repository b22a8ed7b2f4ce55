import {parseArgs} from 'node:util';
import {StoreError} from '../store/errors.js';
import {EXIT, UsageError, println, processIo, type Io} from './io.js';
import {VERSION} from './version.js';
import {USAGE, NODES_USAGE, STATUS_USAGE, DISPATCH_USAGE, CONFIG_USAGE} from './usage.js';

export {USAGE};

/** Every headless command and the console start here. Returns the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
	try {
		const [cmd, ...rest] = argv;
		if (cmd === 'nodes' || cmd === 'status' || cmd === 'dispatch' || cmd === 'routing' || cmd === 'config') await import('./one-shot.js');
		if (cmd === '--version' || cmd === '-v') {
			println(io.stdout, VERSION);
			return EXIT.ok;
		}
		if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
			println(io.stdout, USAGE);
			return EXIT.ok;
		}
		if (cmd === 'nodes') {
			if (rest.includes('--help') || rest.includes('-h')) {
				println(io.stdout, NODES_USAGE);
				return EXIT.ok;
			}
			const {nodesCommand} = await import('./nodes.js');
			return await nodesCommand(rest, io);
		}
		if (cmd === 'status') {
			if (rest.includes('--help')) return println(io.stdout, STATUS_USAGE), EXIT.ok;
			const {statusCommand} = await import('./status.js');
			return await statusCommand(rest, io);
		}
		if (cmd === 'dispatch') {
			if (rest.includes('--help')) return println(io.stdout, DISPATCH_USAGE), EXIT.ok;
			const {dispatchCommand} = await import('./dispatch.js');
			return await dispatchCommand(rest, io);
		}
		if (cmd === 'routing') {
			const {ROUTING_USAGE, routingCommand} = await import('./routing.js');
			if (rest.includes('--help')) return println(io.stdout, ROUTING_USAGE), EXIT.ok;
			return await routingCommand(rest, io);
		}
		if (cmd === 'config') {
			if (rest.includes('--help') || rest.length === 0) return println(rest.length ? io.stdout : io.stderr, CONFIG_USAGE), rest.length ? EXIT.ok : EXIT.usage;
			const {configCommand} = await import('./config.js');
			return await configCommand(rest, io);
		}
		if (cmd === undefined || cmd.startsWith('-')) {
			const {values} = parseArgs({
				args: argv,
				options: {readonly: {type: 'boolean'}, 'no-color': {type: 'boolean'}, profile: {type: 'string'}},
				strict: true,
			});
			const {runTui} = await import('./tui.js');
			return await runTui({readonly: Boolean(values.readonly), noColor: Boolean(values['no-color'] || io.env.NO_COLOR), profile: values.profile}, io);
		}
		throw new UsageError(`unknown command "${cmd}"`);
	} catch (e) {
		if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) {
			println(io.stderr, `mgw-tui: ${(e as Error).message}`);
			println(io.stderr, 'try: mgw-tui --help');
			return EXIT.usage;
		}
		if (e instanceof StoreError) {
			println(io.stderr, `mgw-tui: ${e.message}`);
			return EXIT.failure;
		}
		println(io.stderr, `mgw-tui: ${(e as Error).message ?? String(e)}`);
		return EXIT.failure;
	}
}
