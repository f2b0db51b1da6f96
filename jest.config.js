/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/e2e/'],
	// Type-checking is tsc's job (tsconfig.json, run by CI); jest only transpiles.
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
