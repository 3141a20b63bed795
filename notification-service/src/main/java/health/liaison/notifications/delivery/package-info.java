/**
 * The durable message queue and its dispatcher: messages are planned in MongoDB, claimed by exactly one replica
 * (findAndModify with a lease) when due, and sent once; failures are retried with back-off, then shown to
 * coordinators.
 */
package health.liaison.notifications.delivery;
