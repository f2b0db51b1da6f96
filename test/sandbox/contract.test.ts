// The contract document itself: every route the sandbox serves is documented and vice versa, its
// sources are named, every assumed part says why, and it points at nothing outside the repository.
import { loadOpenApi } from './index';
import { ROUTES } from './routes';

const doc = loadOpenApi();

function walk(
	node: unknown,
	visit: (n: Record<string, unknown>, path: string) => void,
	path = '#',
): void {
	if (Array.isArray(node)) node.forEach((n, i) => walk(n, visit, `${path}/${i}`));
	else if (node && typeof node === 'object') {
		visit(node as Record<string, unknown>, path);
		for (const [k, v] of Object.entries(node)) walk(v, visit, `${path}/${k}`);
	}
}

it('documents exactly the routes the sandbox serves', () => {
	const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
		Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
	);
	expect(documented.sort()).toEqual(Object.keys(ROUTES).sort());
});

it('names its sources and marks every assumed part with a reason', () => {
	const info = doc.info as { description: string };
	expect(info.description).toContain(
		"Neo's developer docs: Introduction, Errors, Rate limits, Authentication",
	);
	const sources = doc['x-sources'] as { title: string; covers: string[] }[];
	const covered = new Set(sources.flatMap((s) => s.covers));
	for (const route of Object.keys(ROUTES)) expect(covered).toContain(route);
	const assumed: string[] = [];
	walk(doc, (node, path) => {
		if (node['x-assumed'] === undefined) return;
		assumed.push(path);
		expect([path, node['x-assumed']]).toEqual([path, true]);
		expect([path, typeof node['x-assumed-why']]).toEqual([path, 'string']);
	});
	expect(assumed.length).toBeGreaterThan(15);
	for (const part of [
		'#/paths/~1public-api~1agents/get',
		'#/paths/~1public-api~1channels/post/responses/409',
		'#/paths/~1public-api~1til-requests~1{request_id}~1decision/post',
		'#/components/schemas/PagePagination',
	]) {
		expect(assumed).toContain(part.replace(/~1/g, '/'));
	}
});

it('points at nothing outside the repository', () => {
	expect(JSON.stringify(doc)).not.toMatch(/\.\.\/shared|neo-api\//);
});
