import * as agent from './agent';
import * as approvalRequest from './approvalRequest';
import * as billing from './billing';
import * as channel from './channel';
import * as chatMessage from './chatMessage';
import * as chatSession from './chatSession';
import * as endCompany from './endCompany';
import * as execution from './execution';
import * as inbox from './inbox';
import type { NeoOperation } from './operation';
import * as scheduledWork from './scheduledWork';
import * as sessionToken from './sessionToken';

/** A node version's resources, each with its operations by value: what the router looks up. */
export type NeoResources = Record<string, Record<string, NeoOperation>>;

/** The current version's resources and operations. Adding one is a file in its resource's folder. */
export const resources = {
	agent: agent.operations,
	approvalRequest: approvalRequest.operations,
	billing: billing.operations,
	channel: channel.operations,
	chatMessage: chatMessage.operations,
	chatSession: chatSession.operations,
	endCompany: endCompany.operations,
	execution: execution.operations,
	inbox: inbox.operations,
	scheduledWork: scheduledWork.operations,
	sessionToken: sessionToken.operations,
} satisfies NeoResources;

/** Every valid resource/operation pair, typed (as Airtable v2's node.type.ts). */
export type NeoNodeType = {
	[R in keyof typeof resources]: { resource: R; operation: keyof (typeof resources)[R] };
}[keyof typeof resources];

/** The operation fields of every resource, in the order the editor shows them. */
export const resourceDescriptions = [
	...agent.description,
	...approvalRequest.description,
	...billing.description,
	...channel.description,
	...chatMessage.description,
	...chatSession.description,
	...endCompany.description,
	...execution.description,
	...inbox.description,
	...scheduledWork.description,
	...sessionToken.description,
];
