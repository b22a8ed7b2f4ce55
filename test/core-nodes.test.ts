import {test} from 'node:test';
import assert from 'node:assert/strict';
import {validateNode} from '../source/core/nodes.js';
import {parseHostPort} from '../source/core/address.js';
import {parseNodeTable, renderNodeTable} from '../source/core/markdown-table.js';
import {maskToken, redact} from '../source/core/mask.js';
import {GUIDE_TABLE} from './helpers/store.js';

const base = {name: 'AI电脑', host: '192.168.1.52', port: '', token: 'f74bba0123456789', tags: 'gpu'};

test('validateNode: each kind of bad input names its field', () => {
	const cases: [Partial<typeof base>, string, RegExp][] = [
		[{name: ''}, 'name', /required/],
		[{name: '  '}, 'name', /required/],
		[{name: 'ai电脑'}, 'name', /already exists/],
		[{name: 'a|b'}, 'name', /"\|"/],
		[{host: ''}, 'host', /required/],
		[{host: '999.1.1.1'}, 'host', /not an IPv4/],
		[{host: 'bad_host!'}, 'host', /not an IPv4/],
		[{port: '0'}, 'port', /out of range/],
		[{port: '65536'}, 'port', /out of range/],
		[{port: 'http'}, 'port', /not a number/],
		[{token: ''}, 'token', /required/],
		[{token: 'a b'}, 'token', /spaces/],
		[{tags: 'ok bad/tag'}, 'tags', /bad\/tag/],
	];
	for (const [patch, field, re] of cases) {
		const r = validateNode({...base, ...patch}, patch.name === 'ai电脑' ? ['AI电脑'] : []);
		assert.equal(r.ok, false, JSON.stringify(patch));
		if (!r.ok) {
			assert.match(r.errors[field as 'name'] ?? '', re, JSON.stringify(patch));
			assert.deepEqual(Object.keys(r.errors), [field]);
		}
	}
});

test('validateNode: good input, default port, IPv6 and hostnames, tags deduplicated', () => {
	const r = validateNode(base, []);
	assert.ok(r.ok);
	if (r.ok) assert.deepEqual(r.value, {name: 'AI电脑', host: '192.168.1.52', port: 18789, token: 'f74bba0123456789', tags: ['gpu']});
	for (const host of ['fe80::1', '[2001:db8::5]', 'studio.local', 'mac-mini', 'nas.tail1234.ts.net']) {
		assert.ok(validateNode({...base, host}, []).ok, host);
	}
	const t = validateNode({...base, tags: 'gpu, mac gpu'}, []);
	assert.ok(t.ok && t.value.tags.join() === 'gpu,mac');
	assert.ok(validateNode({...base, token: ''}, [], {keepToken: true}).ok, 'edit keeps token');
});

test('parseHostPort', () => {
	assert.deepEqual(parseHostPort('10.0.0.7'), {host: '10.0.0.7'});
	assert.deepEqual(parseHostPort('10.0.0.7:19000'), {host: '10.0.0.7', port: 19000});
	assert.deepEqual(parseHostPort('[::1]:18789'), {host: '::1', port: 18789});
	assert.deepEqual(parseHostPort('fe80::1'), {host: 'fe80::1'});
	assert.match((parseHostPort('host:99999') as {error: string}).error, /out of range/);
	assert.match((parseHostPort('a b') as {error: string}).error, /not an IPv4/);
});

test("import: the guide's exact table", () => {
	const t = parseNodeTable(GUIDE_TABLE);
	assert.equal(t.tables, 1);
	assert.deepEqual(t.problems, []);
	assert.equal(t.rows.length, 1);
	assert.deepEqual(t.rows[0], {line: 5, node: {name: 'AI电脑', host: '192.168.1.52', port: 18789, tags: []}, token: 'f74bba...'});
	assert.equal(t.warnings.length, 1, 'a shortened token is imported with a warning');
	assert.match(t.warnings[0]!.reason, /looks shortened/);
});

test('import: English headers, tags, other text ignored, bad rows reported with line numbers', () => {
	const text = [
		'# My machines', // 1
		'', // 2
		'Some prose | with a pipe', // 3
		'', // 4
		'| name | host | port | token | tags |', // 5
		'|---|---|---|---|---|', // 6
		'| studio | 10.0.0.5 | 18789 | tok-studio-123456 | gpu mac |', // 7
		'| bad-port | 10.0.0.6 | 70000 | tok-x-123456789 | |', // 8
		'| | 10.0.0.8 | | tok-y-123456789 | |', // 9
		'| bad-host | 10.0.0.300 | | tok-z-123456789 | |', // 10
		'| notoken | 10.0.0.9 | | | |', // 11
		'| studio | 10.0.0.10 | | tok-dup-12345678 | |', // 12
		'| laptop | laptop.local | 19000 | `tok-lap-123456789` | |', // 13
		'', // 14
		'| unrelated | table |', // 15
		'|---|---|', // 16
		'| a | b |', // 17
	].join('\n');
	const t = parseNodeTable(text);
	assert.deepEqual(t.rows.map(r => [r.line, r.node.name, r.node.port, r.token]), [
		[7, 'studio', 18789, 'tok-studio-123456'],
		[13, 'laptop', 19000, 'tok-lap-123456789'],
	]);
	assert.deepEqual(t.rows[0]!.node.tags, ['gpu', 'mac']);
	assert.deepEqual(
		t.problems.map(p => p.line),
		[8, 9, 10, 11, 12],
	);
	assert.match(t.problems[0]!.reason, /port: port 70000 is out of range/);
	assert.match(t.problems[1]!.reason, /name: name is required/);
	assert.match(t.problems[2]!.reason, /host:/);
	assert.match(t.problems[3]!.reason, /token: token is required/);
	assert.match(t.problems[4]!.reason, /already appears on line 7/);
});

test('export: masked by default, tokens only when revealed; a masked export re-imports keeping tokens', () => {
	const nodes = [{name: 'AI电脑', host: '192.168.1.52', port: 18789, token: 'f74bba0123456789a0b', tags: ['gpu']}];
	const masked = renderNodeTable(nodes);
	assert.ok(!masked.includes('f74bba0123456789a0b'));
	assert.match(masked, /\| AI电脑 \| 192\.168\.1\.52 \| 18789 \| ••••9a0b \| gpu \|/);
	assert.match(renderNodeTable(nodes, {revealTokens: true}), /f74bba0123456789a0b/);
	const back = parseNodeTable(masked);
	assert.equal(back.rows[0]!.token, undefined, 'masked token means keep the stored one');
});

test('maskToken and redact', () => {
	assert.equal(maskToken('f74bba0123456789a0b'), '••••9a0b');
	assert.equal(maskToken('short'), '••••');
	assert.equal(maskToken(''), '—');
	assert.equal(redact('token=abcdef123456 and abcdef123456', ['abcdef123456']), 'token=••••3456 and ••••3456');
});

test('isIPv4 / isIPv6 (pure, in core) agree with node:net on a table of addresses', async () => {
	const net = await import('node:net');
	const {isIPv4, isIPv6} = await import('../source/core/address.js');
	const cases = ['192.168.1.52', '0.0.0.0', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', ' 1.2.3.4', '100.64.0.1', '::', '::1', 'fe80::1%eth0', 'fe80::1%', '2001:db8::1', '2001:db8:0:0:0:0:0:1', '::ffff:192.168.1.1', '1::2::3', '12345::', 'gggg::', '[::1]', 'localhost', 'a:b', ':', ':::', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '', 'nas.local'];
	for (const c of cases) {
		assert.equal(isIPv4(c), net.isIPv4(c), `isIPv4(${JSON.stringify(c)})`);
		assert.equal(isIPv6(c), net.isIPv6(c), `isIPv6(${JSON.stringify(c)})`);
	}
});
