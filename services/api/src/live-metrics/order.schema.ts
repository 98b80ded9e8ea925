import { scopeOf } from '../context.js';
import { builder } from '../schema/builder.js';
import { Money, localId } from '../schema/common.schema.js';
import { LiveSessionRef, OrderConnection, OrderRef, ProductRef, ViewerRef } from '../schema/refs.js';
import { findConnection } from '../shared/pagination.js';
import { ORDER_STATUSES, Order, type OrderItem } from './live-metrics.entity.js';

const OrderStatusEnum = builder.enumType('OrderStatus', {
  description: 'Where a platform order stands, as its audience events told.',
  values: ORDER_STATUSES,
});

const OrderItemRef = builder.objectRef<OrderItem>('OrderItem').implement({
  description: 'One line of an order.',
  fields: (t) => ({
    product: t.field({ type: ProductRef, nullable: true, description: 'Null when the product is not (or no longer) in the catalog.', resolve: (item) => item.product }),
    quantity: t.exposeInt('quantity'),
    unitPrice: t.field({ type: Money, resolve: (item, _args, context) => ({ amount: item.unitPrice, currency: context.actor!.currency }) }),
  }),
});

OrderRef.implement({
  description: 'A platform order placed during a live session, built from its ORDER_CREATED, ORDER_PAID and ORDER_REFUNDED events.',
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: 'The platform’s order id.' }),
    session: t.field({ type: LiveSessionRef, resolve: (order) => order.session }),
    viewer: t.field({ type: ViewerRef, nullable: true, resolve: (order) => order.viewer }),
    status: t.expose('status', { type: OrderStatusEnum }),
    amount: t.field({ type: Money, description: 'The order total; 0 until its ORDER_CREATED event arrived.', resolve: (order, _args, context) => ({ amount: order.amount, currency: context.actor!.currency }) }),
    refunded: t.field({ type: Money, resolve: (order, _args, context) => ({ amount: order.refundedAmount, currency: context.actor!.currency }) }),
    items: t.field({ type: [OrderItemRef], resolve: (order) => order.items }),
    couponCode: t.exposeString('couponCode', { nullable: true }),
    trackingCode: t.exposeString('trackingCode', { nullable: true, description: 'The affiliate or campaign tracking code the platform reported.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    paidAt: t.expose('paidAt', { type: 'DateTime', nullable: true }),
  }),
});

const OrderFilter = builder.inputType('OrderFilter', {
  fields: (t) => ({
    status: t.field({ type: [OrderStatusEnum], description: 'Any of these statuses.' }),
    viewerId: t.id(),
  }),
});

builder.objectFields(LiveSessionRef, (t) => ({
  orders: t.connection(
    {
      type: OrderRef,
      description: 'The session’s orders, newest first.',
      args: { filter: t.arg({ type: OrderFilter }) },
      resolve: (session, args, context) => {
        const { em, actor } = scopeOf(context);
        const viewerId = args.filter?.viewerId == null ? undefined : localId(String(args.filter.viewerId), 'Viewer');
        return findConnection(
          em,
          Order,
          {
            organization: actor.organizationId,
            session: session.id,
            ...(args.filter?.status?.length ? { status: { $in: args.filter.status } } : {}),
            ...(viewerId ? { viewer: viewerId } : {}),
          },
          { createdAt: 'desc' },
          args,
        );
      },
    },
    OrderConnection,
  ),
}));
