/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// jest's "other readings" project: every sandbox a test starts answers with every assumption's
// other reading on (test/sandbox/readings.ts), so the engine suites prove the node works under
// both readings, not only under the one the sandbox was first built with.
process.env.NEO_SANDBOX_READINGS = 'other';
