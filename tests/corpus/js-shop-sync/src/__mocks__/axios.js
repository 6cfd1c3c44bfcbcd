const calls = [];

const instance = {
  get: async (url) => {
    calls.push(['GET', url]);
    return { data: { data: [] } };
  },
  patch: async (url) => {
    calls.push(['PATCH', url]);
    return { data: {} };
  },
  interceptors: { response: { use() {} } },
};

export default Object.assign(async (config) => {
  calls.push([config.method.toUpperCase(), config.url]);
  return { data: { id: '1' } };
}, {
  create: () => instance,
  get: instance.get,
  post: async (url) => calls.push(['POST', url]),
  calls,
  example: () => instance.get('/api/v1/products/1/media'),
});
