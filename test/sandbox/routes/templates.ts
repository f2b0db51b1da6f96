// GET /public-api/templates/{template_id}: one template of Neo's library (the same for every tenant).
import { notFound, type Route } from '../http';

export const getTemplate: Route = ({ params, store }) => {
	const template = store.findTemplate(params.template_id as number);
	if (!template) throw notFound('Template', 'template_id', params.template_id);
	return { status: 200, data: structuredClone(template) };
};
