import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI at /openapi.json, interactive docs at /docs, both from the route schemas. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Scalping Trainer API',
        version: '0.1.0',
        description:
          'Trade on the embedded simulated exchange (sim) and, later, real exchanges. Errors are `{"error": {"code", "message", "details"}}`; prices, quantities and money are JSON numbers (or numeric strings on input) handled exactly inside.',
      },
      servers: [{ url: '/' }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
