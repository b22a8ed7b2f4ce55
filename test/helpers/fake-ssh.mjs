// A stand-in for OpenSSH's `ssh -N -L 127.0.0.1:L:H:P … -- DEST` (used through MGW_TUI_SSH_COMMAND).
// DEST picks the behaviour: ok (forward), hang (never comes up), hostkey, changed, denied, refused, timeout.
// It records its argv and pid in $FAKE_SSH_LOG (one JSON line per start).
import fs from 'node:fs';
import net from 'node:net';

const argv = process.argv.slice(2);
if (process.env.FAKE_SSH_LOG) fs.appendFileSync(process.env.FAKE_SSH_LOG, JSON.stringify({pid: process.pid, argv, env: Object.keys(process.env)}) + '\n');
const dest = argv[argv.indexOf('--') + 1] ?? '';
const die = (msg) => {
	process.stderr.write(msg + '\n');
	process.exit(255);
};
switch (dest.replace(/^.*@/, '')) {
	case 'hostkey':
		die('No ED25519 host key is known for hostkey and you have requested strict checking.\r\nHost key verification failed.');
	case 'changed':
		die('@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\r\nHost key verification failed.');
	case 'denied':
		die('root@denied: Permission denied (publickey).');
	case 'refused':
		die('ssh: connect to host refused port 22: Connection refused');
	case 'timeout':
		die('ssh: connect to host timeout port 22: Connection timed out');
	case 'hang': // logging in forever: never listens
		setInterval(() => {}, 60_000);
		process.on('SIGTERM', () => process.exit(0));
		break;
}
if (dest.endsWith('hang')) await new Promise(() => {});
const spec = argv[argv.indexOf('-L') + 1].split(':');
const [lhost, lport, rhost, rport] = spec;
let chan = 1;
const server = net.createServer(local => {
	const n = ++chan;
	const up = net.connect({host: rhost, port: Number(rport)});
	up.once('connect', () => {
		local.pipe(up);
		up.pipe(local);
	});
	up.once('error', () => {
		process.stderr.write(`channel ${n}: open failed: connect failed: Connection refused\n`);
		local.destroy();
	});
	local.on('error', () => up.destroy());
	up.on('close', () => local.destroy());
});
server.on('error', e => die(`bind [${lhost}]:${lport}: ${e.code === 'EADDRINUSE' ? 'Address already in use' : e.message}\r\nCould not request local forwarding.`));
server.listen(Number(lport), lhost);
process.on('SIGTERM', () => process.exit(0));
