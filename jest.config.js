// Two projects: every suite under the sandbox's default reading of Neo's docs, and the engine
// suites (the node in n8n's real engine against the sandbox) again under the "other readings"
// profile, where every assumption the node rests on is answered its other way
// (test/sandbox/readings.ts).
const shared = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/e2e/'],
	// Type-checking is tsc's job (tsconfig.json, run by CI); jest only transpiles.
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};

/** @type {import('jest').Config} */
module.exports = {
	projects: [
		{
			...shared,
			displayName: 'default reading',
			roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
			testMatch: ['**/*.test.ts'],
		},
		{
			...shared,
			displayName: 'other readings',
			roots: ['<rootDir>/test/integration', '<rootDir>/test/reliability'],
			testMatch: ['**/*.test.ts'],
			setupFiles: ['<rootDir>/test/helpers/otherReadings.setup.ts'],
		},
	],
};
