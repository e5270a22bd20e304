/**
 * Automation: event triggers, time-based automations and macros (one action set), and notifications — the
 * in-app inbox with its live stream, DingTalk/WeCom robots, webhooks, e-mail and SMS as durable jobs.
 */
export { registerAutomationRoutes } from './automation.routes.ts';
export { registerNotificationRoutes } from './notifications.routes.ts';
export { deliveryHandlers } from './use-cases/deliveries.ts';
export { createNotificationHub, type NotificationHub } from './use-cases/notification-stream.ts';
export { triggerSubscriber } from './use-cases/run-triggers.ts';
export { runTimeAutomations } from './use-cases/time-automations.ts';
