/** Customers: people and organisations, their contact points, lookup and duplicate detection. */

export { maskPhone, normaliseEmail, normalisePhone } from './contact-point.ts';
export { type ContactKind, type ContactRow, type CustomerRow, customersRepo } from './customers.repo.ts';
export { registerCustomerRoutes } from './customers.routes.ts';
export { type CustomerView, customerView } from './customers.views.ts';
export { findCustomers, getCustomer } from './use-cases/find-customers.ts';
export {
  type CallerIdentity,
  type CallerMatch,
  type CallerWrites,
  identifyCustomer,
  matchCaller,
  planCallerWrites,
} from './use-cases/identify-customer.ts';
export { createCustomer } from './use-cases/save-customer.ts';
