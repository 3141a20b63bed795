/** Two-way SMS: signed provider webhooks for replies (C, STOP, START, HELP) and delivery receipts; the coordinators' inbox. */
package health.liaison.notifications.inbound;
