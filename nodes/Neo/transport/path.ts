/**
 * Fills `{name}` placeholders with encoded values: `neoPath('/channels/{channel_id}', { channel_id })`.
 * Values were checked before (ParameterReader.pathId); encoding keeps any character from changing
 * which resource the path names.
 */
export function neoPath(template: string, params: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
		const value = params[name];
		if (value === undefined) throw new Error(`neoPath: no value for {${name}} in ${template}`);
		return encodeURIComponent(String(value));
	});
}
