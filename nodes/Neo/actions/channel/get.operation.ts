import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { neoPath } from '../../transport';
import { type NeoOperation, sendOne } from '../operation';

export const channelIdField: INodeProperties = {
	displayName: 'Channel ID',
	name: 'channelId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. ch_8d2f0a',
	description: 'ID of the channel, usually an expression on the output of Channel → Create',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['channel'], operation: ['get'] } },
	[channelIdField],
);

export const get: NeoOperation = {
	description,
	prepare: (read) =>
		sendOne({
			method: 'GET',
			path: neoPath('/public-api/channels/{channel_id}', { channel_id: read.pathId('channelId') }),
		}),
};
