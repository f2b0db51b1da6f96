// tsc compiles the TypeScript; gulp's one job is the assets n8n loads next to the compiled code
// (node and credential icons, the node's codex JSON is emitted by tsc via resolveJsonModule).
const { src, dest } = require('gulp');

function copyIcons() {
	return src(['icons/**/*.{svg,png}', 'nodes/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = copyIcons;
