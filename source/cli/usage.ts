/**
 * Every command's usage text, kept apart from the commands: `--help` and `--version` load
 * this file only, each command is imported when it runs (the bundle is split per command).
 */
import {VERSION} from './version.js';

export const USAGE = `mgw-tui ${VERSION} — one console for the OpenClaw gateways on your computers

usage:
  mgw-tui [--readonly] [--no-color] [--profile NAME]   start the console (80×24 is enough)
  mgw-tui nodes list|add|remove|import|export           the node table (see: mgw-tui nodes --help)
  mgw-tui status [--json] [--timeout MS]                probe every node
  mgw-tui dispatch [--node NAME | --auto | --all] [--agent ID] [--json] MESSAGE
  mgw-tui dispatch --batch FILE|- [--json]              many tasks, spread over the nodes
  mgw-tui routing [set …]                               judge, rules (light → local, heavy → gpu), limits
  mgw-tui config check|fix [--config PATH] …            the gateway section of openclaw.json
  mgw-tui --help | --version

environment:
  MGW_TUI_HOME     store directory (default ~/.config/mgw-tui)
  MGW_TUI_TOKEN    token for "nodes add" (else read from stdin; never from argv)
  NO_COLOR         no colours (same as --no-color)

exit codes: 0 ok, 1 failure, 2 usage, 3 no eligible node (dispatch)`;

export const NODES_USAGE = `usage:
  mgw-tui nodes list [--json]
  mgw-tui nodes add NAME URL [--ssh TARGET] [--tls-fingerprint SHA256] [--password] [--tag T]…
        URL: host[:port] or ws://host:port, wss://host:port, https://name.tailnet.ts.net[/path]
        secret (token, or password with --password) on stdin or in MGW_TUI_TOKEN
        --ssh TARGET: through an SSH tunnel (~/.ssh/config alias or user@host[:port]); URL is the
        gateway as seen from there, e.g. ws://127.0.0.1:18789 (bind "loopback" is enough)
  mgw-tui nodes trust NAME SHA256                   pin a wss:// node's self-signed certificate
  mgw-tui nodes remove NAME
  mgw-tui nodes import FILE                         markdown table: 名称|IP|端口|Token (or name|host|port|token)
  mgw-tui nodes export [--reveal-tokens]`;

export const STATUS_USAGE = 'usage: mgw-tui status [--json] [--timeout MS]   (exit 0 all online, 1 any not, 2 usage)';

export const DISPATCH_USAGE = `usage: mgw-tui dispatch [--node NAME | --auto | --all] [--agent ID] [--session new|main] [--json] [--wait MS] [--accept-timeout MS] [--lost-after MS] MESSAGE…
       mgw-tui dispatch --batch FILE|- [--agent ID] [--json] [--wait MS] [--give-up MS]
  MESSAGE "-" reads the task from stdin. Plain output streams the answer; --json prints NDJSON
  events (accepted, delta, tool, final, error), the last one final.
  --batch: one task per line, or JSONL {"task": "…", "node"?, "tags"?, "agent"?}; spread over the
  eligible nodes in parallel within their limits; --json streams NDJSON (queued, started, moved,
  accepted, final, summary); plain prints a line per task and a summary table. A task that finds
  no eligible node, or whose node vanished after accepting it, is given up after --give-up MS (30000).
  --accept-timeout: the gateway must accept within this time (default 15000), else the next node
  is tried (--auto) or the task fails. --lost-after: a run whose node stays unreachable this long
  (default 120000) ends as lost; a node that comes back without the run ends it as lost at once.
  exit: 0 ok (every task), 1 a run failed, 2 usage, 3 no eligible node`;

export const CONFIG_USAGE = `usage:
  mgw-tui config check [--config PATH | --profile NAME] [--json]   exit 0 clean, 1 findings, 2 cannot read/parse
  mgw-tui config fix [--config PATH | --profile NAME] [--dry-run] [--yes] [--show-secrets]
      plans every fix together (shown as a diff with the start-up verdict); asks before
      generating a token or password, or generates it with --yes. Writes atomically with a
      timestamped backup (the newest 10 kept). --dry-run exits as --yes would.
  Only the gateway section is checked; openclaw config validate checks the rest.`;
