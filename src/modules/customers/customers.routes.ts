import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { type Context, inTransaction } from '../../platform/db/context.ts';
import { etagFor, versionFromIfMatch } from '../../platform/http/etag.ts';
import { principalOf } from '../../platform/http/principal.ts';
import * as contract from './customers.contract.ts';
import { customerView } from './customers.views.ts';
import { findCustomers, findDuplicateCustomers, getCustomer } from './use-cases/find-customers.ts';
import { createCustomer, updateCustomer } from './use-cases/save-customer.ts';

export function registerCustomerRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): void {
  const tags = ['customers'];
  app.get<{ Querystring: Static<typeof contract.CustomerQuery> }>(
    '/api/v1/customers',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        querystring: contract.CustomerQuery,
        response: {
          200: Type.Object({
            items: Type.Array(contract.Customer),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => findCustomers(ctx, principalOf(request).tenantId, request.query),
  );

  app.post<{ Body: Static<typeof contract.CreateCustomerBody> }>(
    '/api/v1/customers',
    {
      config: { permission: 'customers:write' },
      schema: { tags, body: contract.CreateCustomerBody, response: { 201: contract.Customer } },
    },
    async (request, reply) => {
      const { customer, contacts } = await inTransaction(ctx, (tx) =>
        createCustomer(tx, principalOf(request).tenantId, request.body),
      );
      return reply
        .code(201)
        .header('etag', etagFor(customer.id, customer.version))
        .send(customerView(customer, contacts));
    },
  );

  app.get<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/customers/:id',
    {
      config: { permission: 'customers:read' },
      schema: { tags, params: contract.IdParams, response: { 200: contract.Customer } },
    },
    async (request, reply) => {
      const { row, view } = await getCustomer(ctx, principalOf(request).tenantId, request.params.id);
      return reply.header('etag', etagFor(row.id, row.version)).send(view);
    },
  );

  app.patch<{ Params: Static<typeof contract.IdParams>; Body: Static<typeof contract.UpdateCustomerBody> }>(
    '/api/v1/customers/:id',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags,
        params: contract.IdParams,
        body: contract.UpdateCustomerBody,
        response: { 200: contract.Customer },
      },
    },
    async (request, reply) => {
      const expectedVersion = versionFromIfMatch(request.headers['if-match'], request.params.id);
      const { customer, contacts } = await inTransaction(ctx, (tx) =>
        updateCustomer(tx, {
          tenantId: principalOf(request).tenantId,
          customerId: request.params.id,
          expectedVersion,
          changes: request.body,
        }),
      );
      return reply.header('etag', etagFor(customer.id, customer.version)).send(customerView(customer, contacts));
    },
  );

  app.get<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/customers/:id/duplicates',
    {
      config: { permission: 'customers:read' },
      schema: { tags, params: contract.IdParams, response: { 200: contract.Duplicates } },
    },
    async (request) => ({ items: await findDuplicateCustomers(ctx, principalOf(request).tenantId, request.params.id) }),
  );
}
