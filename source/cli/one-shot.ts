import {config} from 'zod';

/**
 * Imported (first) by main for a headless command: such a command parses each kind of frame a
 * few times at most, and zod's JIT — a parser generated per object schema with `new Function`
 * — costs more than it saves there (≈ 30 ms of a `status`). It must run before the command's
 * schemas are built; the console keeps the JIT.
 */
config({jitless: true});
