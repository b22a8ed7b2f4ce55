/** A store or user file that cannot be used as it is. The message names the file and the problem. */
export class StoreError extends Error {
	constructor(
		readonly file: string,
		readonly problem: string,
	) {
		super(`${file}: ${problem}`);
		this.name = 'StoreError';
	}
}

/** Turn a zod issue list into "nodes.2.port: Too big …" lines. */
export function describeIssues(issues: readonly {path: readonly PropertyKey[]; message: string}[]): string {
	return issues
		.slice(0, 5)
		.map(i => `${i.path.length ? i.path.map(String).join('.') : '(top level)'}: ${i.message}`)
		.join('; ');
}
