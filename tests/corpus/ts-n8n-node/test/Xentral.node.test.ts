import nock from 'nock';

import { xentralApiRequest } from '../nodes/Xentral/GenericFunctions';

const context = {
	getCredentials: async () => ({ instanceUrl: 'https://test.xentral.biz', accessToken: 'pat' }),
	getNode: () => ({ name: 'Xentral' }),
	helpers: {
		httpRequestWithAuthentication: async (_: string, options: { url: string; method: string }) => {
			const res = await fetch(options.url, { method: options.method, headers: { Authorization: 'Bearer pat' } });
			return res.json();
		},
	},
};

describe('xentralApiRequest', () => {
	afterEach(() => nock.cleanAll());

	it('prefixes the API root', async () => {
		nock('https://test.xentral.biz').get('/api/v1/salesOrders/7').reply(200, { data: { id: '7' } });

		const result = await xentralApiRequest.call(context as never, 'GET', '/v1/salesOrders/7');

		expect(result).toEqual({ data: { id: '7' } });
	});

	it('sends the import body', async () => {
		const scope = nock('https://test.xentral.biz').post('/api/v1/salesOrders/actions/import').reply(201, {});

		await xentralApiRequest.call(context as never, 'POST', '/v1/salesOrders/actions/import', { customer: { id: '1' } });

		expect(scope.isDone()).toBe(true);
	});
});
