/** Prints the readme's key table from the one keymap table (node --import tsx scripts/keys-md.ts). */
import {helpSections} from '../source/core/keymap.js';
import {COMMANDS} from '../source/core/commands.js';

export function keysMarkdown(): string {
	const out: string[] = [];
	for (const s of helpSections(false)) {
		out.push(`**${s.title}**`, '', '| key | does | |', '|---|---|---|');
		for (const b of s.rows) out.push(`| \`${b.keys.join('` `')}\` | ${b.desc} | ${b.write ? 'write (hidden in `--readonly`)' : ''} |`);
		out.push('');
	}
	out.push('**Commands after `:`** (Tab completes the name)', '', '| command | does |', '|---|---|');
	for (const c of COMMANDS) out.push(`| \`:${c.name}${c.args ? ' ' + c.args : ''}\` | ${c.desc} |`);
	return out.join('\n').replaceAll('||', '\\|\\|');
}

if (process.argv[1]?.endsWith('keys-md.ts')) console.log(keysMarkdown());
