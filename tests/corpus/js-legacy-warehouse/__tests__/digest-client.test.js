jest.mock('digest-fetch', () =>
  jest.fn().mockImplementation(() => ({
    fetch: jest.fn(async (url) => ({
      ok: true,
      text: async () => '<response><status><messageCode>1</messageCode></status><xml><id>5</id></xml></response>',
      json: async () => ({ url }),
    })),
  })),
);

const { editArticle, send } = require('../lib/digest-client');

test('ArtikelEdit answers the id', async () => {
  expect(await editArticle('1000', {})).toEqual({ id: 5 });
});

test('send passes the path through', async () => {
  const body = await send('/v1/versandarten', { method: 'GET' });
  expect(body.url).toMatch(/\/api\/v1\/versandarten$/);
});
